"""What a build reads back from its cache is plain, checked data: forged, damaged or stale entries are never published."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from thaw.build import cache
from thaw.catalog import load as catalog
from thaw.build.cache import cache_folder_for
from thaw.config.settings import Config
from thaw.build.publish import build

from conftest import TODAY, article

ARTICLE = "understanding/a.md"
TEXT = article("A page about numbness", body="Feeling flat is common after a hard time.\n\n## What helps\n\nRest helps.\n")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def own_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own user cache folder (where the key that signs cache files lives)."""
    home = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def site(make_content, make_config) -> Config:
    content = make_content({ARTICLE: TEXT, "causes/b.md": article("Another page", section="causes", body="Stress can numb.\n")})
    return make_config(content)


def assert_same_as_clean(config: Config, tmp_path: Path) -> None:
    clean = dataclasses.replace(config, output_dir=tmp_path / "clean")
    build(clean, today=TODAY, incremental=False)
    built, expected = files(config.output_dir), files(clean.output_dir)
    assert sorted(built.keys() ^ expected.keys()) == []
    assert [name for name in expected if built[name] != expected[name]] == []


def forge(path: Path, change: Callable[[bytes], bytes]) -> None:
    """Rewrite a cache file's payload the way someone who can write the folder would: change it, recompute its checksum."""
    data = path.read_bytes()
    prefix = data[: data.index(b"\n") + 1]
    path.write_bytes(prefix + hashlib.sha256(payload := change(data[len(prefix) + 32 :])).digest() + payload)


class RunsCode:
    """A pickle that, when loaded, writes a marker file: what a forged pickled cache could do to whoever builds."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"open({str(self.marker)!r}, 'w').write('ran')",)


def test_a_forged_pickle_or_marshal_cache_runs_no_code(site: Config, tmp_path: Path) -> None:
    build(site, today=TODAY)
    folder = cache_folder_for(site.output_dir)
    marker = tmp_path / "marker"
    evil = pickle.dumps(RunsCode(marker))
    names = {p.name for p in folder.iterdir() if p.is_file()} | {"manifest.pickle", "articles.marshal", "manifest.json", "articles.json"}
    for name in names:
        path = folder / name
        prefix = path.read_bytes().split(b"\n", 1)[0] + b"\n" if path.is_file() else b"thaw-cache-3\n"
        path.write_bytes(prefix + hashlib.sha256(evil).digest() + evil)
    (site.content_dir / ARTICLE).write_text(TEXT.replace("Rest helps.", "Sleep helps."), encoding="utf-8")
    build(site, today=TODAY)
    assert not marker.exists(), "a forged cache file ran code"
    assert_same_as_clean(site, tmp_path)


def test_forged_cached_html_is_never_published(site: Config, tmp_path: Path) -> None:
    build(site, today=TODAY)
    for pack in (cache_folder_for(site.output_dir) / "html").iterdir():
        data = pack.read_bytes()
        records = data.split(data[: data.index(b"\n") + 1])[1:]
        prefix = data[: data.index(b"\n") + 1]
        forged = b"".join(prefix + hashlib.sha256(r[32:].replace(b"Rest helps", b"FORGED!!!!")).digest() + r[32:].replace(b"Rest helps", b"FORGED!!!!") for r in records)
        assert len(forged) == len(data)
        pack.write_bytes(forged)
    renamed = dataclasses.replace(site, name="Renamed Practice")  # every page is made again from the cached renderings
    build(renamed, today=TODAY)
    assert [name for name, data in files(site.output_dir).items() if b"FORGED" in data] == []
    assert_same_as_clean(renamed, tmp_path)


def test_a_forged_article_index_is_never_used(site: Config, tmp_path: Path) -> None:
    build(site, today=TODAY)
    folder = cache_folder_for(site.output_dir)
    [index] = [p for p in folder.iterdir() if p.name.startswith("articles.")]
    forge(index, lambda payload: payload.replace(b"A page about numbness", b"A FORGED TITLE HERE!!"))
    renamed = dataclasses.replace(site, name="Renamed Practice")
    build(renamed, today=TODAY)
    assert [name for name, data in files(site.output_dir).items() if b"FORGED" in data] == []
    assert_same_as_clean(renamed, tmp_path)


def test_a_forged_manifest_is_never_used(site: Config, tmp_path: Path) -> None:
    """A manifest that claims the current inputs (so the build would stop early) over an output someone changed."""
    build(site, today=TODAY)
    folder = cache_folder_for(site.output_dir)
    [manifest] = [p for p in folder.iterdir() if p.name.startswith("manifest.")]
    page = site.output_dir / "understanding" / "a" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Rest helps", b"FORGED!!!!"))
    if manifest.name.endswith(".json"):
        def change(payload: bytes) -> bytes:
            value = json.loads(payload)
            info = page.stat()
            value["files"]["understanding/a/index.html"] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns]
            return json.dumps(value).encode()
        forge(manifest, change)
    build(site, today=TODAY)
    assert b"FORGED" not in page.read_bytes()
    assert_same_as_clean(site, tmp_path)


def damaged_variants() -> list[tuple[str, Callable[[Path], None]]]:
    def truncate(path: Path) -> None:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    def sealed(value: object) -> Callable[[Path], None]:
        return lambda path: path.write_bytes(cache.seal(value))

    def retyped(path: Path) -> None:
        """Every number becomes text and every text a number, behind a valid seal."""
        value = cache.unseal(path.read_bytes())
        assert value is not None

        def swap(item: object) -> object:
            if isinstance(item, bool) or item is None:
                return item
            if isinstance(item, int):
                return str(item)
            if isinstance(item, str):
                return 7
            if isinstance(item, list):
                return [swap(i) for i in item]
            if isinstance(item, dict):
                return {k: swap(v) for k, v in item.items()}
            return item

        path.write_bytes(cache.seal(swap(value)))

    def long_name(path: Path) -> None:
        """A record that points outside the cache folder, behind a valid seal."""
        text = path.read_bytes()
        value = cache.unseal(text)
        assert value is not None
        path.write_bytes(cache.seal(json.loads(json.dumps(value).replace(".pack", ".pack/../../../../etc/passwd"))))

    return [
        ("truncated", truncate),
        ("empty", lambda path: path.write_bytes(b"")),
        ("not json", lambda path: path.write_bytes(path.read_bytes()[:45] + b"{not json")),
        ("a list", sealed([1, 2, 3])),
        ("an empty object", sealed({})),
        ("a string", sealed("hello")),
        ("wrong types", retyped),
        ("a path outside", long_name),
    ]


@pytest.mark.parametrize("kind", ["manifest", "articles"])
@pytest.mark.parametrize("name,damage", damaged_variants(), ids=[n for n, _ in damaged_variants()])
def test_a_damaged_or_misshapen_cache_is_rebuilt(site: Config, tmp_path: Path, kind: str, name: str, damage: Callable[[Path], None]) -> None:
    build(site, today=TODAY)
    [path] = [p for p in cache_folder_for(site.output_dir).iterdir() if p.name.startswith(f"{kind}.")]
    damage(path)
    (site.content_dir / ARTICLE).write_text(TEXT.replace("Rest helps.", "Sleep helps."), encoding="utf-8")
    build(site, today=TODAY)
    assert_same_as_clean(site, tmp_path)
    assert build(site, today=TODAY).rendered == 0, "the cache written after the damage is used again"


def test_the_signing_key_is_private_to_the_user(site: Config, own_cache_home: Path) -> None:
    build(site, today=TODAY)
    keys = [p for p in (own_cache_home / "thaw").iterdir() if p.is_file()]
    assert keys, "a key is kept in the user's cache folder"
    for key in keys:
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE((own_cache_home / "thaw").stat().st_mode) == 0o700


def test_a_cache_signed_by_another_user_is_not_used(site: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another key (another user's, or a copied cache folder) makes every cache file read as missing."""
    build(site, today=TODAY)
    page = site.output_dir / "understanding" / "a" / "index.html"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    cache.forget_key()
    (site.content_dir / ARTICLE).write_text(TEXT.replace("Rest helps.", "Sleep helps."), encoding="utf-8")
    assert build(site, today=TODAY).rendered > 100, "built from nothing"
    assert b"Sleep helps" in page.read_bytes()


# Stale content: what a build records is what it read.


def test_an_article_saved_during_a_build_and_undone_after_is_published_as_it_is(site: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(site, today=TODAY)
    path = site.content_dir / ARTICLE
    first = TEXT.replace("Rest helps.", "Sleep helps.")
    path.write_text(first, encoding="utf-8")
    real_read = catalog.read_article

    def saved_while_building(file: Path, *args: object, **kwargs: object) -> object:
        if file == path:
            path.write_text(TEXT.replace("Rest helps.", "Walking helps."), encoding="utf-8")  # saved after the build hashed it
        return real_read(file, *args, **kwargs)

    monkeypatch.setattr(catalog, "read_article", saved_while_building)
    build(site, today=TODAY)
    monkeypatch.setattr(catalog, "read_article", real_read)
    path.write_text(first, encoding="utf-8")  # undone
    build(site, today=TODAY)
    page = (site.output_dir / "understanding" / "a" / "index.html").read_bytes()
    assert b"Sleep helps" in page and b"Walking" not in page
    assert_same_as_clean(site, tmp_path)


def test_a_file_changed_during_a_build_from_nothing_is_seen_by_the_next(site: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other files (here references.yaml) are hashed as the build starts and checked again after it."""
    references = site.content_dir / "references.yaml"
    original = references.read_text(encoding="utf-8")
    real_load = catalog.load_references

    def saved_while_building(*args: object, **kwargs: object) -> object:
        references.write_text(original.replace("year: 2024", "year: 2019", 1), encoding="utf-8")
        return real_load(*args, **kwargs)

    path = site.content_dir / ARTICLE
    path.write_text(TEXT.replace("Rest helps.", "Rest helps [@nimh-ptsd]."), encoding="utf-8")
    monkeypatch.setattr(catalog, "load_references", saved_while_building)
    build(site, today=TODAY)
    monkeypatch.setattr(catalog, "load_references", real_load)
    assert b"2019" in (site.output_dir / "understanding" / "a" / "index.html").read_bytes()
    references.write_text(original, encoding="utf-8")  # undone
    result = build(site, today=TODAY)
    assert result.rendered and result.rendered > 0
    assert b"2019" not in (site.output_dir / "understanding" / "a" / "index.html").read_bytes()
    assert_same_as_clean(site, tmp_path)


def test_an_output_page_edited_with_its_time_put_back_is_rebuilt(site: Config, tmp_path: Path) -> None:
    build(site, today=TODAY)
    build(dataclasses.replace(site, name="Another name"), today=TODAY)  # an incremental build: most files carried over
    build(site, today=TODAY)
    time.sleep(0.05)  # a person's edit comes later than the build's own writes
    for page in (site.output_dir / "understanding" / "a" / "index.html", site.output_dir / "index.html"):
        before = page.stat()
        data = page.read_bytes()
        page.write_bytes(data.replace(b"numbness", b"NUMBNESS"))
        assert page.stat().st_size == before.st_size
        os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    build(site, today=TODAY)
    assert [name for name, data in files(site.output_dir).items() if b"NUMBNESS" in data] == []
    assert_same_as_clean(site, tmp_path)


def test_an_unchanged_site_still_stops_early_after_incremental_builds(site: Config) -> None:
    """Whatever the build does to put the output in place (links, renames), its own files are not taken for edits."""
    build(site, today=TODAY)
    (site.content_dir / ARTICLE).write_text(TEXT.replace("Rest helps.", "Sleep helps."), encoding="utf-8")
    assert 0 < (build(site, today=TODAY).rendered or 0) < 20
    assert build(site, today=TODAY).rendered == 0
    assert build(site, today=TODAY).rendered == 0
