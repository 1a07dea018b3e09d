"""The practice config: defaults, overrides and errors with file:line and "did you mean"."""
from __future__ import annotations

from pathlib import Path

import pytest

from thaw.config.settings import Config, load_config, normalise_base_url
from thaw.errors import ConfigError

from conftest import ROOT

BAD_CONFIGS = {  # tests/config/bad_config/<name>.toml: (line, message)
    'accent-not-a-colour': (2, '"teal" is not a colour like "#2f5f68"'),
    'bad-accent-colour': (2, 'the accent #ffff00 has a contrast ratio of'),
    'bad-base-url': (2, 'the base URL "example.org" is not valid — write a full address like https://example.org/ or a path like /practice/'),
    'bad-email': (2, '"nobody" is not an email address'),
    'bad-language': (2, '"English" is not a language code'),
    'bad-toml': (2, 'not valid TOML'),
    'base-url-with-query': (2, 'is not valid — it must not contain ? or #'),
    'booking-not-https': (2, 'the booking link must start with https://'),
    'misspelt-key': (3, 'unknown key "base_ulr" in [site] — did you mean "base_url"?'),
    'quick-exit-not-https': (2, 'the quick-exit address must start with https://'),
    'reserved-section-id': (2, 'the section id "tags" cannot be used'),
    'unknown-region': (2, 'unknown region "usa" — did you mean "us"?'),
    'unknown-table': (1, 'unknown table "sight" — did you mean "site"?'),
    'wrong-type': (2, '"name" must be text in quotes'),
    'unknown-language': (2, '"espanol" is not a language code Thaw knows — did you mean "es"?'),
    'no-languages': (2, 'languages is empty'),
    'language-twice': (2, 'the language "en" is listed twice'),
    'language-disagrees': (3, 'language is "en" but languages starts with "es"'),
    'language-without-catalog': (2, 'Thaw\'s interface has no translation into "fr" yet'),
    'section-named-like-a-language': (5, 'the section id "es" is the address of the Spanish edition'),
}


BAD_CONFIG_DIR = Path(__file__).parent / "bad_config"


def test_every_bad_config_file_has_an_expectation() -> None:
    assert sorted(p.stem for p in BAD_CONFIG_DIR.glob("*.toml")) == sorted(BAD_CONFIGS)


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_bad_config_is_reported_with_line(name: str, tmp_path: Path) -> None:
    line, message = BAD_CONFIGS[name]
    path = tmp_path / "thaw.toml"
    path.write_bytes((BAD_CONFIG_DIR / f"{name}.toml").read_bytes())
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = [str(p) for p in caught.value.problems]
    assert any(f"thaw.toml:{line}: " in p and message in p for p in problems), problems


def test_defaults_make_a_complete_config() -> None:
    config = load_config(None)
    assert config == Config(content_dir=Path.cwd() / "content", output_dir=Path.cwd() / "_site")
    assert [s.id for s in config.sections][:2] == ["understanding", "causes"]


def test_repo_config_is_valid() -> None:
    config = load_config(ROOT / "thaw.toml")
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


def test_accent_colour_must_pass_wcag_aa(tmp_path: Path) -> None:
    path = tmp_path / "thaw.toml"
    path.write_text('[site]\naccent = "#88ccee"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    [problem] = caught.value.problems
    assert str(problem).endswith("thaw.toml:2: the accent #88ccee has a contrast ratio of 1.68:1 against the page background #fbf9f5; WCAG AA needs 4.5:1 — choose a darker colour")


def test_brand_colour_logo_and_sections_reach_the_site(tmp_path: Path, make_content) -> None:
    from thaw.web.app import create_app
    from thaw.config.colors import DARK_BACKGROUND, contrast

    from conftest import TODAY, article

    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>')
    path = tmp_path / "thaw.toml"
    path.write_text('[site]\nname = "Riverside"\naccent = "#6b2d5c"\nlogo = "logo.svg"\nshow_sections = ["understanding", "exercises"]\n')
    content = make_content({"a.md": article(), "b.md": article("Hidden", section="therapy")})
    config = load_config(path, {"content": content, "base_url": "/"})
    client = create_app(config, today=TODAY).test_client()
    assets = client.application.extensions["thaw"].assets
    css = client.get(f"/assets/{assets['thaw.css'].hashed}").get_data(as_text=True)
    assert ":root { --accent: #6b2d5c; --accent-text: #ffffff; }" in css
    dark = css.rsplit("--accent: ", 1)[1].split(";")[0]
    assert contrast(dark, DARK_BACKGROUND) >= 4.5
    home = client.get("/").get_data(as_text=True)
    logo = assets["logo.svg"].hashed
    assert f'<img src="/assets/{logo}" alt="" height="40">Riverside' in home
    assert client.get(f"/assets/{logo}").status_code == 200
    assert "Hidden" not in home and client.get("/therapy/b/").status_code == 404
    assert 'href="/exercises/"' in home


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[site]\nname = "X"\nshow_sections = []\n', 'thaw.toml:3: show_sections is empty: an empty list would publish no sections — list the sections to show, or remove show_sections to show them all'),
        ('sections = []\n[site]\nname = "X"\n', 'thaw.toml:1: sections must be a list of [[sections]] tables — write [[sections]] then id = "…" and title = "…"'),
        ('[site]\nshow_sections = "exercises"\n', 'thaw.toml:2: show_sections must be a list of section ids — write show_sections = ["understanding", "therapy"]'),
        ('[site]\nshow_sections = ["exercise"]\n', 'thaw.toml:2: unknown section "exercise" — did you mean "exercises"?'),
        ('[site]\nshow_sections = ["exercises"]\n[[sections]]\nid = "understanding"\ntitle = "U"\n', 'thaw.toml:2: unknown section "exercises" — the sections are: understanding'),
    ],
    ids=["empty-show-sections", "empty-sections", "show-sections-text", "misspelt", "not-among-sections"],
)
def test_hiding_every_section_or_naming_an_unknown_one_is_a_config_error(tmp_path: Path, toml: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "thaw.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "thaw.toml")
    assert expected in [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(("written", "languages", "language"), [
    ("", ("en",), "en"),
    ('language = "en"\n', ("en",), "en"),
    ('languages = ["en", "es"]\n', ("en", "es"), "en"),
    ('language = "es"\nlanguages = ["es", "en"]\n', ("es", "en"), "es"),
])
def test_languages_in_one_line_the_first_is_the_default(tmp_path: Path, written: str, languages: tuple[str, ...], language: str) -> None:
    path = tmp_path / "thaw.toml"
    path.write_text("[site]\n" + written, encoding="utf-8")
    config = load_config(path)
    assert config.languages == languages and config.language == language
