"""A section the practice hides (show_sections, or a [[sections]] list without it) leaves no page and no link to it."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from thaw.build.linkcheck import check_links
from thaw.build.publish import build
from thaw.config.settings import DEFAULT_SECTIONS, Config

from conftest import SAMPLE_CONTENT, TODAY

SECTIONS = [s.id for s in DEFAULT_SECTIONS]
TEXT_FILES = (".html", ".xml", ".json", ".js", ".txt", ".conf", "")


def leaks(output: Path, hidden: str) -> list[str]:
    """Every built text file that names an address in the hidden section (as a path, or site-relative in the search index)."""
    pattern = re.compile(rf"(/practice/|[\"'(]){re.escape(hidden)}/".encode())
    found = []
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.suffix in TEXT_FILES and pattern.search(path.read_bytes()):
            found.append(path.relative_to(output).as_posix())
    return found


# Each section hidden by show_sections; the exercises also by a [[sections]] list without them (an article in a section
# such a list leaves out is an error the editor fixes, so only the exercises, which have no articles, can be left out).
CASES = [(hidden, "show_sections") for hidden in SECTIONS] + [("exercises", "[[sections]]")]


@pytest.mark.parametrize(("hidden", "how"), CASES, ids=[f"{hidden}-by-{how}" for hidden, how in CASES])
def test_a_hidden_section_builds_passes_its_link_check_and_no_page_links_to_it(sample_config: Config, tmp_path: Path, hidden: str, how: str) -> None:
    if how == "show_sections":
        config = dataclasses.replace(sample_config, content_dir=SAMPLE_CONTENT, output_dir=tmp_path / "site", shown_sections=tuple(s for s in SECTIONS if s != hidden))
    else:
        config = dataclasses.replace(sample_config, content_dir=SAMPLE_CONTENT, output_dir=tmp_path / "site", sections=tuple(s for s in DEFAULT_SECTIONS if s.id != hidden))
    build(config, today=TODAY)
    output = config.output_dir
    broken, checked = check_links(output, config.base_path)
    assert broken == [] and checked > 1000
    assert not (output / hidden).exists()
    assert leaks(output, hidden) == []


@pytest.mark.parametrize("only", ["exercises", "freeze-response"])
def test_a_site_showing_one_section_builds_and_links_to_none_of_the_others(sample_config: Config, tmp_path: Path, only: str) -> None:
    config = dataclasses.replace(sample_config, content_dir=SAMPLE_CONTENT, output_dir=tmp_path / "site", shown_sections=(only,))
    result = build(config, today=TODAY)
    assert result.unreviewed == (0 if only == "exercises" else 2), "pages in hidden sections are not waiting for review (the English page and its Spanish translation are)"
    broken, _ = check_links(config.output_dir, config.base_path)
    assert broken == []
    assert (config.output_dir / only / "index.html").is_file()
    assert {hidden: leaks(config.output_dir, hidden) for hidden in SECTIONS if hidden != only} == {hidden: [] for hidden in SECTIONS if hidden != only}
