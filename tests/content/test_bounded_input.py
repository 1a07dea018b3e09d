"""Bounded input: deep nesting, unreadable folders, special and huge files, control characters, odd values and
clashing ids each fail with `path:line: message — fix` and exit 1 (never a crash, a hang or a traceback)."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from thaw.cli import main

from conftest import ROOT, article

REFERENCES = """\
nimh:
  title: Depression
  publisher: NIMH
  year: 2024
"""
Files = dict[str, str | bytes]


def write(content: Path, files: Files) -> None:
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def run(tmp_path: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real command line in a subprocess: a crash shows as a return code, a hang as a timeout, never a dead run."""
    return subprocess.run([sys.executable, "build.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def site(tmp_path: Path, files: Files | None = None, config: str | None = None) -> tuple[Path, Path, list[str]]:
    """A tiny content folder (one good article and references.yaml), an output folder and the build's arguments."""
    content, out = tmp_path / "content", tmp_path / "out"
    write(content, {"references.yaml": REFERENCES, "understanding/good.md": article("Good"), **(files or {})})
    args = ["build", "--content", str(content), "--output", str(out)]
    if config is not None:
        (tmp_path / "thaw.toml").write_text(config, encoding="utf-8")
        args += ["--config", str(tmp_path / "thaw.toml")]
    return content, out, args


def assert_refused(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"exit {result.returncode}\n{output[-3000:]}"
    assert "Traceback" not in output and "internal error" not in output, output[-3000:]
    for text in expected:
        assert text in result.stderr, f"{text!r} not in\n{result.stderr[-3000:]}"


# ---- item 3: deep nesting is refused before libyaml recurses ------------------------------------------------------

DEEP = 25_000


@pytest.mark.parametrize(
    ("name", "files", "expected"),
    [
        ("front-matter-brackets", {"understanding/case.md": article(tags="[" * DEEP)}, "content/understanding/case.md:6: the front matter nests more than 50 levels deep"),
        ("front-matter-braces", {"understanding/case.md": article(tags="{a: " * DEEP)}, "content/understanding/case.md:6: the front matter nests more than 50 levels deep"),
        ("front-matter-dashes", {"understanding/case.md": article(tags="- " * DEEP)}, "content/understanding/case.md:6: the front matter nests more than 50 levels deep"),
        ("references-brackets", {"references.yaml": REFERENCES + "deep: " + "[" * DEEP + "\n"}, "content/references.yaml:5: the file nests more than 50 levels deep"),
    ],
)
def test_deep_nesting_is_refused_with_its_line(tmp_path: Path, name: str, files: Files, expected: str) -> None:
    content, out, args = site(tmp_path)
    assert run(tmp_path, *args).returncode == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    write(content, files)
    assert_refused(run(tmp_path, *args), expected)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before  # the previous site is untouched


def test_ordinary_nesting_still_reads() -> None:
    from thaw.content.frontmatter import compose, too_deep_at

    text = "a: [1, [2, {b: [3]}]]\nr:\n  k:\n    - x\n    - [y, 'z[[[[']\n"
    assert too_deep_at(text) is None
    assert compose(text) is not None


@pytest.mark.parametrize("text", ["[" * 51 + "]" * 51, "{a: " * 51 + "}" * 51, "- " * 51 + "x", "".join(f"{'  ' * i}k{i}:\n" for i in range(52)) + "  " * 52 + "v\n"])
def test_just_over_the_limit_is_found_by_every_construct(text: str) -> None:
    from thaw.content.frontmatter import too_deep_at

    assert too_deep_at(text) is not None  # the quick count that skips the walk must never skip a text this deep


def test_a_file_longer_than_its_size_said_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grows between the size check and the read (an editor saving) is read to its end, never cut."""
    from thaw.content import article as module
    from thaw.errors import Problems

    path = tmp_path / "grown.md"
    path.write_text("x" * 5000, encoding="utf-8")
    real_stat = os.stat
    monkeypatch.setattr(module.os, "stat", lambda p, *a, **k: os.stat_result((*real_stat(p)[:6], 10, *real_stat(p)[7:])))
    assert module.read_text(path, "grown.md", Problems()) == "x" * 5000


# ---- item 4: unreadable folders and files are errors ----------------------------------------------------------------


def test_an_unreadable_folder_is_an_error_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulates chmod 000 in a way that also works as root: scandir of that one folder raises PermissionError."""
    content, out, args = site(tmp_path, {"causes/hidden-away.md": article("Away", section="causes")})
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)).name == "causes":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = CliRunner().invoke(main, args[:3] + ["--output", str(out)])
    assert result.exit_code == 1, result.output
    assert "content/causes: cannot read the folder (Permission denied) — make it readable (chmod u+rx)" in result.stderr


def test_an_unreadable_file_is_an_error_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    content, out, args = site(tmp_path, {"causes/locked.md": article("Locked", section="causes")})
    real_open = builtins.open

    def open_(file: object, *a: object, **k: object) -> object:
        if str(file).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", open_)
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 1, result.output
    assert "content/causes/locked.md: cannot read the file (Permission denied)" in result.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="running as root: permission bits do not stop root reading (the in-process tests above cover it)")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_chmod_000_is_an_error(tmp_path: Path, what: str) -> None:
    content, out, args = site(tmp_path, {"causes/locked.md": article("Locked", section="causes")})
    target = content / "causes" if what == "folder" else content / "causes" / "locked.md"
    target.chmod(0)
    try:
        expected = "content/causes: cannot read the folder" if what == "folder" else "content/causes/locked.md: cannot read the file"
        assert_refused(run(tmp_path, *args), expected)
    finally:
        target.chmod(0o755)


# ---- item 6: only regular .md, references.yaml and pictures are read, within limits ---------------------------------


def test_unrelated_hidden_and_huge_non_markdown_files_are_not_read(tmp_path: Path) -> None:
    content, out, args = site(tmp_path)
    (content / ".git").mkdir()
    (content / ".git" / "pack").write_bytes(b"\0" * 10)
    (content / ".DS_Store").write_bytes(b"\0\1\2")
    (content / "understanding" / ".an-old-copy.md").write_text("no front matter at all")  # EDITING.md: a dot-file is skipped
    (content / "notes.docx").write_bytes(b"PK\3\4 not markdown")
    with open(content / "backup.tar", "wb") as big:  # sparse: 3 GB that costs no disk and must cost no memory
        big.truncate(3_000_000_000)
    result = run(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    import resource

    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far: every build here is small
    assert peak_kb < 1_000_000, f"a build used {peak_kb:,} kB: the 3 GB file was read"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("fifo.md", _fifo, "content/understanding/fifo.md: is not a regular file (a pipe, socket or device)"),
        ("fifo.txt", _fifo, "content/understanding/fifo.txt: is not a regular file (a pipe, socket or device)"),
        ("zero.md", _symlink_to("/dev/zero"), "content/understanding/zero.md: is a link to somewhere outside the content folder"),
        ("passwd.png", _symlink_to("/etc/passwd"), "content/understanding/passwd.png: is a link to somewhere outside the content folder"),
        ("loop.md", _symlink_to("loop.md"), "content/understanding/loop.md: is a link that leads round in a loop"),
        ("huge.md", lambda p: p.write_text(article(body="word " * 500_000)), "content/understanding/huge.md: too large (2.5 MB; the limit is 2 MB) — split it into several articles"),
        ("huge.png", lambda p: open(p, "wb").truncate(25_000_000), "content/understanding/huge.png: too large (25.0 MB; the limit is 20 MB)"),
    ],
)
def test_special_linked_and_huge_files_are_errors(tmp_path: Path, name: str, make: Callable[[Path], None], expected: str) -> None:
    content, out, args = site(tmp_path)
    make(content / "understanding" / name)
    assert_refused(run(tmp_path, *args, timeout=30), expected)


def test_a_symlinked_references_fifo_does_not_hang(tmp_path: Path) -> None:
    content, out, args = site(tmp_path)
    (content / "references.yaml").unlink()
    os.mkfifo(content / "references.yaml")
    assert_refused(run(tmp_path, *args, timeout=30), "content/references.yaml: is not a regular file")


# ---- item 11: control and bidi-override characters are refused in text fields ---------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", '"Numb\\0ness"', '"title" contains a control character (U+0000)'),
        ("summary", '"A bell \\x07 rings."', '"summary" contains a control character (U+0007)'),
        ("content_note", '"Esc \\e here"', '"content_note" contains a control character (U+001B)'),
        ("title", '"Abc \\u202Edef"', '"title" contains a bidirectional-override character (U+202E)'),
        ("summary", '"Isolate \\u2066x\\u2069."', '"summary" contains a bidirectional-override character (U+2066)'),
    ],
)
def test_control_and_bidi_characters_are_refused(tmp_path: Path, field: str, value: str, expected: str) -> None:
    content, out, args = site(tmp_path, {"understanding/case.md": article(**{field: value})})
    line = 1 + ["title", "summary", "section", "date", "content_note"].index(field) + 1
    assert_refused(run(tmp_path, *args), f"content/understanding/case.md:{line}: {expected} — remove it")


def test_a_raw_control_character_in_the_body_is_refused(tmp_path: Path) -> None:
    content, out, args = site(tmp_path, {"understanding/case.md": article(body="Text\x07 here.\n")})
    assert_refused(run(tmp_path, *args), "content/understanding/case.md:8: the file contains the control character U+0007")


def test_a_control_character_in_a_reference_is_refused(tmp_path: Path) -> None:
    content, out, args = site(tmp_path, {"references.yaml": REFERENCES.replace("Depression", '"Dep\\x01ression"')})
    assert_refused(run(tmp_path, *args), 'content/references.yaml:2: "title" contains a control character (U+0001)')


# ---- item 12: values that used to be internal errors ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "files", "expected"),
    [
        ("lone-surrogate", {"understanding/case.md": article(title='"Numb \\ud800"')}, 'content/understanding/case.md:2: "title" contains a lone surrogate (U+D800)'),
        ("python-tag", {"understanding/case.md": article(order="!!python/object/apply:os.system [echo]")}, 'content/understanding/case.md:6: "order" cannot be read (tagged !!python/object/apply:os.system) — write a plain value without a !! tag'),
        ("python-name", {"understanding/case.md": article(order="!!python/name:os.system")}, 'content/understanding/case.md:6: "order" cannot be read'),
        ("huge-number", {"understanding/case.md": article(order="9" * 5000)}, 'content/understanding/case.md:6: "order" is 5,000 characters long'),
        ("long-number", {"understanding/case.md": article(order="9" * 20)}, 'content/understanding/case.md:6: "order" is 20 digits long (at most 9)'),
        ("huge-year", {"references.yaml": REFERENCES.replace("2024", "1" * 5000)}, 'content/references.yaml:4: "year" is 5,000 characters long'),
        ("surrogate-key", {"understanding/case.md": article(**{'"\\udc00"': "x"})}, "content/understanding/case.md:6: a field name contains an unprintable character"),
        ("hash-in-image", {"understanding/case.md": article(body="![x](images/a%23b.png)\n"), "understanding/images/a#b.png": b"\x89PNG\r\n\x1a\n"}, 'content/understanding/case.md:8: the image "images/a%23b.png" has a file name with "#"'),
    ],
)
def test_odd_values_are_problems_not_internal_errors(tmp_path: Path, name: str, files: Files, expected: str) -> None:
    content, out, args = site(tmp_path, files)
    assert_refused(run(tmp_path, *args), expected)


def test_a_symlink_loop_between_two_articles_is_an_error(tmp_path: Path) -> None:
    content, out, args = site(tmp_path)
    (content / "understanding" / "a.md").symlink_to("b.md")
    (content / "understanding" / "b.md").symlink_to("a.md")
    assert_refused(run(tmp_path, *args), "content/understanding/a.md: is a link that leads round in a loop", "content/understanding/b.md: is a link that leads round in a loop")


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('[site]\nbase_url = "http://[::1"\n', 'thaw.toml:2: the base URL "http://[::1" is not valid — it is not a valid address'),
        ('[site]\nbase_url = "https://me:secret@example.org/"\n', 'did you mean "https://example.org/"?'),
        ('[site]\nbase_url = "ftp://example.org/"\n', "the address must start with https:// or http://, not ftp:"),
        ('[site]\nbase_url = "https:///practice/"\n', "the address has no host"),
        ('[site]\nbase_url = "practice/"\n', 'a path like /practice/ — did you mean "/practice/"?'),
        ('[site]\nbase_url = "/a/../b/"\n', "each part of the path must be a plain name"),
        ('[site]\nbase_url = "/a/?x=1"\n', 'it must not contain ? or # — did you mean "/a/"?'),
        ("[site]\nshow_sections = []\n", "thaw.toml:2: show_sections is empty: an empty list would publish no sections"),
    ],
)
def test_bad_config_values_are_config_errors(tmp_path: Path, config: str, expected: str) -> None:
    content, out, args = site(tmp_path, config=config)
    assert_refused(run(tmp_path, *args), expected)


def test_a_base_path_like_a_placeholder_writes_a_valid_service_worker(tmp_path: Path) -> None:
    content, out, args = site(tmp_path, config='[site]\nbase_url = "/__URLS__/"\n')
    result = run(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    script = (out / "sw.js").read_text(encoding="utf-8")
    assert 'var BASE = "/__URLS__/";' in script
    urls = script.split("var URLS = ", 1)[1].split(";\n", 1)[0]
    import json

    assert json.loads(urls)[0] == "/__URLS__/help-now/"


# ---- item 13: heading ids never take a reference's or a footnote's id -----------------------------------------------


def test_headings_never_clash_with_reference_or_footnote_ids(tmp_path: Path) -> None:
    body = "## ref 1\n\n## fn1\n\n## fnref1\n\n## Other {#ref-2}\n\nA claim [@nimh] with a note.[^1]\n\n[^1]: The note.\n"
    content, out, args = site(tmp_path, {"understanding/case.md": article(body=body)})
    result = run(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    import re

    page = (out / "understanding" / "case" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert {"ref-1-1", "fn1-1", "fnref1-1"} <= set(ids)


def test_a_control_character_in_the_config_is_a_config_error(tmp_path: Path) -> None:
    content, out, args = site(tmp_path, config='[site]\nname = "Thaw\\u0007"\n')
    assert_refused(run(tmp_path, *args), 'thaw.toml:2: "name" contains a control character (U+0007) — remove it')


def test_deep_nesting_in_the_config_is_a_config_error(tmp_path: Path) -> None:
    content, out, args = site(tmp_path, config="[site]\nshow_sections = " + "[" * DEEP + "\n")
    assert_refused(run(tmp_path, *args), "thaw.toml:2: the config file nests lists or tables too deeply")
