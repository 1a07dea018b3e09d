"""Incremental builds: whatever changed, the output is byte-identical to a build from nothing; damaged caches are never used."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from thaw.build import articlecache, cache
from thaw.build.cache import cache_folder_for
from thaw.config.settings import Config
from thaw.build.manifest import Manifest, content_hashes, input_key
from thaw.content.inputs import Scan
from thaw.build.publish import build

from conftest import ROOT, TODAY, copy_sample

TEMPLATES = ROOT / "site" / "web" / "templates"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, sample_config: Config) -> Config:
    content = copy_sample(tmp_path / "content")
    return dataclasses.replace(sample_config, content_dir=content, output_dir=tmp_path / "site")


def assert_same_as_clean(config: Config, tmp_path: Path, name: str) -> int:
    """Build incrementally, build the same inputs from nothing elsewhere, and compare every file; return pages rendered."""
    result = build(config, today=TODAY)
    clean_config = dataclasses.replace(config, output_dir=tmp_path / f"clean-{name}")
    build(clean_config, today=TODAY, incremental=False)
    incremental, clean = files(config.output_dir), files(clean_config.output_dir)
    assert incremental.keys() == clean.keys(), f"after {name}: {sorted(incremental.keys() ^ clean.keys())[:5]}"
    assert [f for f in clean if incremental[f] != clean[f]] == [], f"after {name}"
    assert result.rendered is not None
    return result.rendered


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_kind_of_change_gives_the_same_output_as_a_clean_build(project: Config, tmp_path: Path) -> None:
    content = project.content_dir
    first = build(project, today=TODAY)
    assert first.rendered == first.pages
    again = build(project, today=TODAY)
    assert again.rendered == 0 and again.pages == first.pages

    article = content / "understanding" / "what-is-numbness.md"
    edit(article, "\n## ", "\nA new sentence about feeling flat, for the incremental build.\n\n## ")
    assert assert_same_as_clean(project, tmp_path, "an article's text") < 10, "only the article and a few index files"

    # The "Is it time to get help?" exercise links to this heading only while it exists: a body edit that
    # renames it must reach the exercise pages too, though no article's card changed.
    edit(content / "getting-help" / "when-to-seek-help.md", "## How to start", "## Where to begin")
    assert_same_as_clean(project, tmp_path, "a heading an exercise links to")

    edit(article, "title: ", "title: Renamed, ")
    rendered = assert_same_as_clean(project, tmp_path, "an article's title")
    assert 10 < rendered < first.pages // 2, "the listings and the pages that show the title, not the exercises"

    references = content / "references.yaml"
    text = references.read_text(encoding="utf-8")
    year = next(line for line in text.splitlines() if line.strip().startswith("year:"))
    edit(references, year, year[:-1] + str((int(year[-1]) + 1) % 10))
    assert_same_as_clean(project, tmp_path, "a citation")

    # A new glossary entry changes the glossary page and every page that uses the term: the article edited above says
    # "feeling flat", so its HTML must be rendered again with the new term's link though its file has not changed since.
    glossary = content / "getting-help" / "glossary.md"
    assert glossary.is_file(), "the sample's glossary has moved: this case would test nothing"
    edit(glossary, "\n## ", "\n## Feeling flat\n\nFeeling little or nothing: a short entry added by a test.\n\n## ")
    assert assert_same_as_clean(project, tmp_path, "a glossary term") > 1, "the glossary and the pages that use the term"
    term_link = b'glossary/#feeling-flat" class="term">'
    assert b'<h2 id="feeling-flat">' in (project.output_dir / "getting-help" / "glossary" / "index.html").read_bytes()
    assert term_link in (project.output_dir / "understanding" / "what-is-numbness" / "index.html").read_bytes()

    (content / "causes" / "a-new-page.md").write_text(
        "---\ntitle: A new page\nsummary: Added by a test.\nsection: causes\ndate: 2026-11-01\n---\n\nSome words [about numbness](../understanding/what-is-numbness.md).\n",
        encoding="utf-8",
    )
    assert_same_as_clean(project, tmp_path, "a new article")
    (content / "causes" / "a-new-page.md").unlink()
    assert_same_as_clean(project, tmp_path, "a removed article")

    renamed = dataclasses.replace(project, name="Another Practice", accent="#1d4f91")
    assert_same_as_clean(renamed, tmp_path, "the config")


def test_a_build_from_nothing_records_the_inputs_a_later_build_will_see(project: Config) -> None:
    """From nothing, each article is hashed by the worker that reads it and the other files as the build starts:
    together they make the same input key as hashing every file beforehand, so the next build knows nothing changed."""
    (project.content_dir / "_drafts").mkdir()
    (project.content_dir / "_drafts" / "idea.md").write_text("not an article yet", encoding="utf-8")
    (project.content_dir / ".notes.txt").write_text("an editor's note", encoding="utf-8")
    build(project, today=TODAY)
    recorded = Manifest.load(cache_folder_for(project.output_dir))
    assert recorded is not None
    assert recorded.inputs == input_key(project, TODAY, False, content_hashes(Scan.of(project.content_dir)))
    (project.content_dir / "_drafts" / "idea.md").write_text("still not an article", encoding="utf-8")
    assert build(project, today=TODAY).rendered == 0, "a draft outside the site changes the inputs, but no page"


def test_a_template_change_rebuilds_every_page_that_uses_it(project: Config, tmp_path: Path) -> None:
    """The template is changed in a copy of the package, built by a separate process: the real templates are never
    touched (other tests, and other test workers, use them at the same time)."""
    import os
    import shutil
    import subprocess
    import sys

    package = tmp_path / "package" / "thaw"
    shutil.copytree(ROOT / "site", package, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(package.parent), "THAW_NODE_MODULES": str(ROOT / "node_modules")}

    def run(output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(project.content_dir), "--output", str(output),
                   "--base-url", "https://example.org/practice/", *extra]
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done

    run(project.output_dir)
    probe = subprocess.run([sys.executable, "-c", "import thaw; print(thaw.__file__)"], env=env, capture_output=True, text=True)
    assert probe.stdout.strip() == str(package / "__init__.py"), "the copy of the package is not the one imported"
    template = package / "web" / "templates" / "partials" / "article_card.html"
    template.write_bytes(template.read_bytes().replace(b'<li class="card">', b'<li class="card" data-test="changed">', 1))
    run(project.output_dir)
    run(tmp_path / "clean", "--clean")
    incremental, clean = files(project.output_dir), files(tmp_path / "clean")
    assert incremental.keys() == clean.keys()
    assert [f for f in clean if incremental[f] != clean[f]] == []
    assert b'data-test="changed"' in (project.output_dir / "index.html").read_bytes()
    assert b'data-test="changed"' not in (TEMPLATES / "partials" / "article_card.html").read_bytes()


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("target", ["articles.json", "manifest.json", "an article's html"])
def test_a_damaged_cache_is_noticed_and_rebuilt_never_served(project: Config, tmp_path: Path, target: str) -> None:
    build(project, today=TODAY)
    folder = cache_folder_for(project.output_dir)
    if target == "an article's html":
        for path in (folder / "html").iterdir():
            damage(path)
        project = dataclasses.replace(project, name="Renamed Practice")  # every page must be rendered again
    else:
        damage(folder / target)
    edit(project.content_dir / "understanding" / "what-is-numbness.md", "\n## ", "\nOne more sentence.\n\n## ")
    assert_same_as_clean(project, tmp_path, f"damaging {target}")


def test_compacting_the_cache_never_removes_html_the_same_build_still_needs(project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compaction copies the live HTML into a new pack while saving the cache, before any page is frozen: the packs
    this build's articles point into stay until the next build (they once went at once, and that build failed)."""
    monkeypatch.setattr(articlecache, "COMPACT_SLACK", -(10**9))  # compact on every save
    build(project, today=TODAY)
    packs = cache_folder_for(project.output_dir) / "html"
    for number, slug in enumerate(["what-is-numbness", "grief-and-loss", "what-is-numbness"]):
        article = next(project.content_dir.rglob(f"{slug}.md"))
        edit(article, "\n## ", f"\nChange number {number} to this article.\n\n## ")
        assert assert_same_as_clean(project, tmp_path, f"change {number}") < 10
        assert len(list(packs.glob("*.pack"))) <= 4, "a compacted pack goes with the next build"


def test_a_changed_output_folder_is_rebuilt(project: Config, tmp_path: Path) -> None:
    build(project, today=TODAY)
    (project.output_dir / "help-now" / "index.html").write_text("tampered", encoding="utf-8")
    (project.output_dir / "privacy" / "index.html").unlink()
    result = build(project, today=TODAY)
    assert result.rendered == result.pages
    assert b"tampered" not in (project.output_dir / "help-now" / "index.html").read_bytes()
    assert (project.output_dir / "privacy" / "index.html").is_file()


def test_a_failed_incremental_build_leaves_the_output_and_cache_usable(project: Config, tmp_path: Path) -> None:
    build(project, today=TODAY)
    before = files(project.output_dir)
    article = project.content_dir / "understanding" / "what-is-numbness.md"
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("\n## ", "\nA [broken link](nowhere.md).\n\n## ", 1), encoding="utf-8")
    with pytest.raises(Exception, match="nowhere"):
        build(project, today=TODAY)
    assert files(project.output_dir) == before
    article.write_text(original, encoding="utf-8")
    assert build(project, today=TODAY).rendered == 0, "back to the inputs of the last good build: nothing to do"


def test_the_cache_lives_beside_the_output_never_in_content(project: Config) -> None:
    before = sorted(p.relative_to(project.content_dir) for p in project.content_dir.rglob("*"))
    build(project, today=TODAY)
    build(project, today=TODAY)
    assert sorted(p.relative_to(project.content_dir) for p in project.content_dir.rglob("*")) == before
    assert cache_folder_for(project.output_dir).is_dir()
    assert cache_folder_for(project.output_dir).parent == project.output_dir.parent


def test_a_build_lists_the_content_folder_once(project: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hashes of the inputs and the load share one listing (it was made twice: ~23 ms per 1,000 articles each)."""
    from thaw.catalog import reuse
    from thaw.content import inputs

    calls: list[Path] = []
    real_scan = inputs.scan

    def counted(content_dir: Path, problems: object = None) -> list[inputs.Input]:
        calls.append(content_dir)
        return real_scan(content_dir, problems)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs, "scan", counted)
    monkeypatch.setattr(reuse, "scan", counted)
    for _ in range(2):  # from nothing, then on top of it with one article changed
        build(project, today=TODAY)
        assert len(calls) == 1
        calls.clear()
        edit(project.content_dir / "understanding" / "what-is-numbness.md", "\n## ", "\nOne more sentence.\n\n## ")


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256))


def _change_a_handout(content: Path, case: str) -> str:
    """Change the handout (or the links to it) one way; return what the build must then say, or "" when it must pass."""
    page, handout = content / "getting-help" / "forms.md", content / "getting-help" / "forms" / "intake.pdf"
    if case == "changed bytes":
        handout.write_bytes(PDF + b"a second edition\n")
    elif case == "link removed":
        edit(page, "[the intake form](forms/intake.pdf)", "the intake form")
    elif case == "renamed":
        handout.rename(handout.with_name("intake-2027.pdf"))
        edit(page, "forms/intake.pdf", "forms/intake-2027.pdf")
    elif case == "another linked":
        edit(page, "the old form", "[the old form](forms/old.pdf)")
    elif case == "removed":
        handout.unlink()
        return 'the link "forms/intake.pdf" points to a file that does not exist'
    elif case == "grown too large":
        with open(handout, "r+b") as file:
            file.truncate(60_000_000)
        return 'the link "forms/intake.pdf" is too large (60.0 MB; the limit is 50 MB)'
    elif case == "not a PDF any more":
        handout.write_bytes(b"<html><script>alert(1)</script></html>")
        return 'the link "forms/intake.pdf" is not a PDF file'
    return ""


@pytest.mark.parametrize("case", ["changed bytes", "link removed", "renamed", "another linked", "removed", "grown too large", "not a PDF any more"])
def test_a_changed_or_removed_handout_gives_the_same_output_as_a_clean_build(make_content, make_config, tmp_path: Path, case: str) -> None:
    from conftest import article as page
    from thaw.errors import ContentError

    content = make_content({
        "getting-help/forms.md": page("Forms", section="getting-help", body="Print [the intake form](forms/intake.pdf), not the old form.\n"),
        "getting-help/forms/intake.pdf": PDF,
        "getting-help/forms/old.pdf": PDF + b"old\n",
    })
    config = make_config(content)
    build(config, today=TODAY)
    before = files(config.output_dir)
    failure = _change_a_handout(content, case)
    if failure:
        with pytest.raises(ContentError, match=re.escape(f"content/getting-help/forms.md:8: {failure}")):
            build(config, today=TODAY)
        assert files(config.output_dir) == before, "a failed build leaves the published site as it was"
        return
    assert_same_as_clean(config, tmp_path, case)
    published = {name for name in files(config.output_dir) if name.startswith("media/")}
    linked = set(re.findall(r"\((forms/[^)]+)\)", (content / "getting-help" / "forms.md").read_text(encoding="utf-8")))
    assert published == {f"media/getting-help/{name}" for name in linked}
    for name in linked:
        assert (config.output_dir / "media" / "getting-help" / name).read_bytes() == (content / "getting-help" / name).read_bytes()
