"""Compiled templates kept between builds: reused when intact, never a reason for a build to fail."""
from __future__ import annotations

from pathlib import Path

import pytest

from thaw.web.app import create_app
from thaw.build.publish import build
from thaw.build.templatecache import compiled_templates

from conftest import TODAY, article


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("THAW_NO_TEMPLATE_CACHE", raising=False)
    return tmp_path / "cache" / "thaw" / "templates"


def test_templates_compiled_once_are_reused_and_older_versions_removed(cache_home: Path, make_content, make_config) -> None:
    (cache_home / "an-older-version").mkdir(parents=True)
    config = make_config(make_content({"understanding/a.md": article("A")}))
    first = create_app(config, today=TODAY, template_cache=compiled_templates()).test_client().get("/practice/understanding/a/").get_data()
    [folder] = cache_home.iterdir()  # the older version's folder is gone
    compiled = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert len(compiled) >= 3  # at least the article page, its base and a partial
    second = create_app(config, today=TODAY, template_cache=compiled_templates()).test_client().get("/practice/understanding/a/").get_data()
    assert second == first
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == compiled  # loaded, not compiled again


def test_damaged_or_unwritable_compiled_templates_do_not_stop_a_build(cache_home: Path, make_content, make_config) -> None:
    config = make_config(make_content({"understanding/a.md": article("A")}))
    clean = build(config, today=TODAY)
    expected = {p.relative_to(clean.output): p.read_bytes() for p in clean.output.rglob("*") if p.is_file()}
    [folder] = cache_home.iterdir()
    for compiled in folder.iterdir():
        compiled.write_bytes(compiled.read_bytes()[:-40])  # cut short: read as missing, so compiled again
    again = build(config, today=TODAY, incremental=False)
    assert {p.relative_to(again.output): p.read_bytes() for p in again.output.rglob("*") if p.is_file()} == expected
    for compiled in folder.iterdir():
        compiled.write_bytes(b"x" + compiled.read_bytes()[1:])  # one byte changed: the checksum fails
    assert build(config, today=TODAY, incremental=False).pages == clean.pages


def test_no_place_for_compiled_templates_does_not_stop_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_content, make_config) -> None:
    from thaw.build.templatecache import compiled_templates

    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    monkeypatch.delenv("THAW_NO_TEMPLATE_CACHE", raising=False)
    assert compiled_templates() is None
    config = make_config(make_content({"understanding/a.md": article("A")}))
    assert build(config, today=TODAY).pages > 100


def test_the_test_session_never_writes_into_the_users_cache_home(private_cache_home: Path) -> None:
    """conftest.private_cache_home: a build in a test compiles its templates under the session's temporary folder."""
    import os

    from thaw.build.templatecache import cache_home

    assert Path(os.environ["XDG_CACHE_HOME"]) == private_cache_home
    assert cache_home().is_relative_to(private_cache_home) and not cache_home().is_relative_to(Path.home() / ".cache")
