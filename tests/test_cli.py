"""The command line: build, check, new, serve/preview help; failed builds leave the old output alone."""
from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from thaw.cli import main

from conftest import signed, ROOT, SAMPLE_CONTENT, article
from test_validation import CASES_DIR, EXPECTED


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("verb", ["build", "serve", "preview", "check", "new", "import"])
def test_every_verb_has_help(runner: CliRunner, verb: str) -> None:
    result = runner.invoke(main, [verb, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_build_writes_the_site_and_prints_a_summary(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--content", str(SAMPLE_CONTENT), "--output", str(out), "--base-url", "/practice/"])
    assert result.exit_code == 0, result.output
    assert "Built " in result.output and " articles; all rendered) into " in result.output
    assert (out / "index.html").is_file() and (out / "404.html").is_file()
    assert [p.name for p in tmp_path.glob(".out.*")] == [".out.thaw-cache"], "a temporary folder was left behind"
    again = runner.invoke(main, ["build", "--content", str(SAMPLE_CONTENT), "--output", str(out), "--base-url", "/practice/"])
    assert again.exit_code == 0 and "nothing had changed" in again.output
    clean = runner.invoke(main, ["build", "--clean", "--content", str(SAMPLE_CONTENT), "--output", str(out), "--base-url", "/practice/"])
    assert clean.exit_code == 0 and "all rendered" in clean.output


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build of the sample content, made once and copied for each failing build."""
    out = tmp_path_factory.mktemp("previous") / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(SAMPLE_CONTENT), "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_failed_build_reports_without_traceback_and_keeps_the_previous_output(runner: CliRunner, tmp_path: Path, case: str, previous_output: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    out = tmp_path / "out"
    shutil.copytree(previous_output, out)
    before = snapshot(out)
    shutil.copytree(CASES_DIR / case, content, dirs_exist_ok=True)
    if case in ("missing-anchor", "duplicate-slug"):  # these cases point at a companion article called ok.md
        (content / "ok.md").write_text(article("OK", body="## A heading\n"))
    result = runner.invoke(main, ["build", "--content", str(content), "--output", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    location, _, message = EXPECTED[case].partition(": ")
    problem = message.split(" — ")[0]  # the fix may list this folder's other articles
    assert f"{location}: {problem}" in result.stderr
    assert result.stderr.rstrip().endswith("Nothing was written.")
    assert snapshot(out) == before
    assert not [p for p in tmp_path.glob(".out.*") if not p.name.endswith(".thaw-cache")], "a temporary folder was left behind"


def test_build_never_writes_into_content(runner: CliRunner, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    result = runner.invoke(main, ["build", "--content", str(content), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert not filecmp.dircmp(SAMPLE_CONTENT, content).diff_files
    assert snapshot(content) == snapshot(SAMPLE_CONTENT)


def test_build_refuses_to_replace_the_content_folder(runner: CliRunner, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    result = runner.invoke(main, ["build", "--content", str(content), "--output", str(content)])
    assert result.exit_code == 1 and "overlaps the content folder" in result.stderr
    assert snapshot(content) == snapshot(SAMPLE_CONTENT)


def test_strict_turns_warnings_into_errors(runner: CliRunner, make_content) -> None:
    content = make_content({"a.md": signed("Dr A", "2020-01-01", "2021-01-01")})
    out = content.parent / "out"
    assert runner.invoke(main, ["build", "--content", str(content), "--output", str(out)]).exit_code == 0
    result = runner.invoke(main, ["build", "--strict", "--content", str(content), "--output", str(out)])
    assert result.exit_code == 1 and "warning: the clinical review was due on 2021-01-01" in result.stderr


def test_bad_config_is_reported_by_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "thaw.toml"
    config.write_text('[site]\nregoin = "uk"\n')
    result = runner.invoke(main, ["build", "--config", str(config)])
    assert result.exit_code == 1
    assert 'thaw.toml:2: unknown key "regoin" in [site] — did you mean "region"?' in result.stderr


def test_check_validates_and_checks_links_without_writing(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", "--content", str(SAMPLE_CONTENT), "--config", str(ROOT / "thaw.toml")])
    assert result.exit_code == 0, result.output + result.stderr
    assert "0 broken links" in result.output
    assert list(tmp_path.iterdir()) == []


def test_new_creates_a_draft_that_builds_and_refuses_to_overwrite(runner: CliRunner, make_content) -> None:
    content = make_content({"a.md": article()})
    args = ["new", "Feeling flat: after a loss", "--section", "causes", "--content", str(content)]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.stderr
    path = content / "causes" / "feeling-flat-after-a-loss.md"
    text = path.read_text()
    for key in ("title:", "summary:", "section: causes", "tags:", "date:", "updated:", "review:", "references:", "draft: true", "content_note:"):
        assert key in text
    for verb in (["build", "--output", str(content.parent / "out")], ["check"], ["check", "--drafts"]):
        done = runner.invoke(main, [*verb, "--content", str(content)])
        assert done.exit_code == 0, done.output + done.stderr
        assert not [line for line in done.stderr.splitlines() if "feeling-flat" in line and "warning:" not in line]  # no error
    again = runner.invoke(main, args)
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert path.read_text() == text


def test_new_takes_a_slug_for_a_title_with_no_letters(runner: CliRunner, make_content) -> None:
    content = make_content({})
    refused = runner.invoke(main, ["new", "???", "--content", str(content)])
    assert refused.exit_code == 1 and "--slug" in refused.stderr
    done = runner.invoke(main, ["new", "???", "--slug", "questions", "--content", str(content)])
    assert done.exit_code == 0 and (content / "understanding" / "questions.md").is_file()


DRAFT_WITH_A_PROBLEM = article("Draft", draft="true", body="A claim [@nimh-ptdd].\n")


@pytest.mark.parametrize("verb, fails", [(["build"], False), (["build", "--strict"], False), (["check"], False), (["check", "--drafts"], True)])
def test_a_drafts_problem_fails_only_where_drafts_are_shown(runner: CliRunner, make_content, verb: list[str], fails: bool) -> None:
    content = make_content({"a.md": signed("Dr A", "2026-01-01", "2099-01-01"), "d.md": DRAFT_WITH_A_PROBLEM})
    output = ["--output", str(content.parent / "out")] if verb[0] == "build" else []
    result = runner.invoke(main, [*verb, *output, "--content", str(content)])
    assert result.exit_code == (1 if fails else 0), result.output + result.stderr
    kind = "" if fails else "warning: "
    assert f'content/d.md:9: {kind}the citation "[@nimh-ptdd]" is not in references.yaml' in result.stderr


@pytest.mark.parametrize("verb", ["build", "check"])
def test_errors_come_first_then_warnings_then_a_count(runner: CliRunner, make_content, verb: str) -> None:
    content = make_content({"a.md": article(body="# Title again\n\n[x](b.md)\n"), "z.md": article("Z", body="[x](nothing.md)\n"), "d.md": DRAFT_WITH_A_PROBLEM})
    output = ["--output", str(content.parent / "out")] if verb == "build" else []
    result = runner.invoke(main, [verb, *output, "--content", str(content)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert [("warning: " in line) for line in lines] == [False, False, True, True], lines
    assert "2 errors, 2 warnings" in result.stderr
    quiet = runner.invoke(main, [verb, "--quiet", *output, "--content", str(content)])
    assert quiet.exit_code == 1 and "warning:" not in quiet.stderr and "2 errors, 2 warnings" in quiet.stderr


@pytest.mark.parametrize("verb", ["build", "check"])
def test_quiet_leaves_warnings_out_of_a_good_build(runner: CliRunner, make_content, verb: str) -> None:
    content = make_content({"a.md": article(body="# Title again\n"), "d.md": DRAFT_WITH_A_PROBLEM})
    output = ["--output", str(content.parent / "out")] if verb == "build" else []
    loud = runner.invoke(main, [verb, *output, "--content", str(content)])
    count = loud.stderr.count("warning: ")  # the heading, the draft's citation, and what check adds (prose, review)
    assert loud.exit_code == 0 and count >= 2 and f"0 errors, {count} warnings" in loud.stderr
    quiet = runner.invoke(main, [verb, "--quiet", *output, "--content", str(content)])
    assert quiet.exit_code == 0 and "warning: " not in quiet.stderr and f"0 errors, {count} warnings" in quiet.stderr


def test_the_real_script_runs_without_traceback_on_bad_input(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "bad.md").write_text("---\ntitle: [unclosed\n---\n")
    process = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--output", str(tmp_path / "out")],
                             capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert process.returncode == 1
    assert "Traceback" not in process.stderr and "content/bad.md:2:" in process.stderr


def test_output_piped_into_a_program_that_stops_reading_is_not_an_error(tmp_path: Path) -> None:
    """`python build.py review | head -1`: the reader leaving early is normal, never an internal error."""
    import subprocess
    import sys

    command = f"{sys.executable} {ROOT / 'build.py'} review --config {ROOT / 'thaw.toml'} --content {SAMPLE_CONTENT} | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout.count("\n") == 1 and "not yet clinically reviewed" in done.stdout
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr


def _old_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_import_help_says_pages_arrive_as_drafts_and_why(runner: CliRunner) -> None:
    text = " ".join(runner.invoke(main, ["import", "--help"]).output.split())
    for words in ("draft: true", "review is left empty", "clinician", "--map FOLDER=SECTION", "never overwrites", "path:line"):
        assert words in text, words


def test_import_writes_drafts_reports_what_needs_an_editor_and_thaw_checks_them(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _old_site(tmp_path / "docs", {"index.md": "# Home\n\nWelcome here. More.\n\nSee [setup](guide/setup.md#steps).\n", "guide/setup.md": "---\ntitle: Setup\ndescription: How to set up.\n---\n\n## Steps\n\n{% include x.html %}\n"})
    before = snapshot(tmp_path / "docs")
    result = runner.invoke(main, ["import", "docs", "--output", "new-content", "--section", "causes", "--map", "guide=therapy"])
    assert result.exit_code == 0, result.output + result.stderr
    assert result.output.splitlines() == [
        "new-content/causes/home.md:3: the page had no summary: it is the first sentence of the text for now — write one or two plain sentences for lists, search results and previews",
        "new-content/therapy/setup.md:15: the Liquid tag {% include %} is not Markdown: Thaw shows it as written — replace it with the text it stood for, or remove it",
        "Imported 2 pages into new-content as drafts (0 files copied): 2 places need an editor's hand.",
    ]
    assert "[setup](../therapy/setup.md#steps)" in (tmp_path / "new-content/causes/home.md").read_text()
    assert snapshot(tmp_path / "docs") == before
    checked = runner.invoke(main, ["check", "--content", "new-content"])
    assert checked.exit_code == 0, checked.output + checked.stderr


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        (None, ["missing", "--output", "out"], "missing: the folder does not exist — give the folder that holds the Markdown files"),
        ({"a.md": "# A\n\nText.\n"}, ["src", "--output", "src/out"], "src/out: the output is inside the folder being imported — name a folder outside it (import never writes into its source)"),
        ({"a.md": "# A\n\nText.\n"}, ["src", "--output", "out", "--section", "causez"], '--section: unknown section "causez" — did you mean "causes"?'),
        ({"a.md": "# A\n\nText.\n"}, ["src", "--output", "out", "--map", "blog"], '--map blog: the folder mapping "blog" has no "="'),
    ],
)
def test_import_refuses_bad_input_with_exit_1(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict | None, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    if files is not None:
        _old_site(tmp_path / "src", files)
    result = runner.invoke(main, ["import", *args])
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "src/out").exists()


def test_import_never_overwrites(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _old_site(tmp_path / "src", {"a.md": "# A\n\nText.\n"})
    _old_site(tmp_path / "out", {"understanding/a.md": "my own page\n"})
    result = runner.invoke(main, ["import", "src", "--output", "out"])
    assert result.exit_code == 1 and "out: the folder is not empty — name a new or empty folder (import never overwrites anything)" in result.stderr
    assert snapshot(tmp_path / "out") == {"understanding/a.md": b"my own page\n"}


def test_import_reports_a_bad_file_imports_the_rest_and_exits_1(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _old_site(tmp_path / "src", {"good.md": "---\ntitle: Good\nsummary: Fine.\n---\n\nText.\n", "bad.md": "+++\ntitle = \n+++\n\nText.\n"})
    result = runner.invoke(main, ["import", "src", "--output", "out"])
    assert result.exit_code == 1
    assert "src/bad.md:2: the front matter is not valid TOML (Invalid value) — correct it in the source file and import again (the other files were imported)" in result.stderr
    assert "Imported 1 page into out as drafts (0 files copied): nothing needs an editor's hand. 1 file could not be imported." in result.output
    assert (tmp_path / "out/understanding/good.md").is_file()


def test_the_editing_guides_import_example_runs_as_written(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    guide = (ROOT / "EDITING.md").read_text(encoding="utf-8")
    section = guide.split("## Bringing pages from another site", 1)[1]
    command = next(line for line in section.splitlines() if "build.py import" in line)
    args = command.split("build.py ", 1)[1].split()
    monkeypatch.chdir(tmp_path)
    _old_site(tmp_path / "old-site", {"about.md": "# About\n\nAbout us.\n", "blog/first.md": "---\ntitle: First\ndate: 2024-02-03\n---\n\nHello. [About](../about.md).\n"})
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output + result.stderr
    assert "[About](../understanding/about.md)" in (tmp_path / "imported/causes/first.md").read_text()
    assert "Imported 2 pages into imported/ as drafts" in result.output
