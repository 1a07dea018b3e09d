"""The practice config: defaults, overrides and errors with file:line and "did you mean"."""
from __future__ import annotations

from pathlib import Path

import pytest

from thaw.config import Config, load_config, normalise_base_url
from thaw.errors import ConfigError

BAD_CONFIGS = {
    "misspelt key": ('[site]\nname = "X"\nbase_ulr = "https://example.org/"\n', 3, 'unknown key "base_ulr" in [site] — did you mean "base_url"?'),
    "unknown table": ('[sight]\nname = "X"\n', 1, 'unknown table "sight" — did you mean "site"?'),
    "bad base url": ('[site]\nbase_url = "example.org"\n', 2, 'the base URL "example.org" is not valid — write a full address like https://example.org/ or a path like /practice/'),
    "base url with query": ('[site]\nbase_url = "https://example.org/?a=1"\n', 2, "is not valid — it must not contain ? or #"),
    "unknown region": ('[site]\nregion = "usa"\n', 2, 'unknown region "usa" — did you mean "us"?'),
    "wrong type": ('[site]\nname = 5\n', 2, '"name" must be text in quotes'),
    "bad toml": ('[site]\nname = "X\n', 2, "not valid TOML"),
    "bad email": ('[contact]\nemail = "nobody"\n', 2, '"nobody" is not an email address'),
    "booking not https": ('[contact]\nbooking_url = "http://example.org/book"\n', 2, "the booking link must start with https://"),
    "bad language": ('[site]\nlanguage = "English"\n', 2, '"English" is not a language code'),
    "reserved section id": ('[[sections]]\nid = "tags"\ntitle = "Tags"\n', 2, 'the section id "tags" cannot be used'),
}


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_bad_config_is_reported_with_line(name: str, tmp_path: Path) -> None:
    text, line, message = BAD_CONFIGS[name]
    path = tmp_path / "thaw.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = [str(p) for p in caught.value.problems]
    assert any(f"thaw.toml:{line}: " in p and message in p for p in problems), problems


def test_defaults_make_a_complete_config() -> None:
    config = load_config(None)
    assert config == Config(content_dir=Path.cwd() / "content", output_dir=Path.cwd() / "_site")
    assert [s.id for s in config.sections][:2] == ["understanding", "causes"]


def test_repo_config_is_valid() -> None:
    config = load_config(Path(__file__).parent.parent / "thaw.toml")
    assert config.name and config.absolute_base


def test_command_line_base_url_overrides_config(tmp_path: Path) -> None:
    path = tmp_path / "thaw.toml"
    path.write_text('[site]\nbase_url = "https://example.org/"\n')
    config = load_config(path, {"base_url": "/practice"})
    assert config.base_url == "/practice/" and config.base_path == "/practice/"


@pytest.mark.parametrize("value,expected", [
    ("https://example.org/practice/", "https://example.org/practice/"),
    ("https://example.org/practice", "https://example.org/practice/"),
    ("/practice/", "/practice/"),
    ("/", "/"),
    ("ftp://example.org/", None),
    ("practice/", None),
    ("//example.org/", None),
])
def test_base_url_forms(value: str, expected: str | None) -> None:
    assert normalise_base_url(value)[0] == expected
