"""Find the Markdown files of another generator's folder and split each into its front matter (YAML or TOML) and body."""
from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from thaw.content.article import read_text
from thaw.content.frontmatter import DatesAsTextLoader
from thaw.errors import Problems, display_path

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
SKIPPED_FOLDERS = ("_site", "node_modules")  # a generator's output and its tools, never pages
JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
TOML_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)")


@dataclass
class SourcePage:
    """One page of the other generator: where it is, its front matter as values, and its body."""

    path: Path
    relative: str  # posix path inside the source folder
    where: str  # as shown in messages
    meta: dict[str, Any]
    body: str
    name_date: dt.date | None = None  # from a Jekyll post's file name
    stem: str = ""  # the file name without its suffix (and without a Jekyll date)


def find_pages(source: Path) -> list[tuple[Path, str]]:
    """Every Markdown file under `source`, sorted; hidden files and folders and generators' output folders are skipped."""
    found: list[tuple[Path, str]] = []
    for folder, folders, files in os.walk(source):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(MARKDOWN_SUFFIXES):
                path = Path(folder) / name
                found.append((path, path.relative_to(source).as_posix()))
    return found


def read_page(path: Path, relative: str, problems: Problems) -> SourcePage | None:
    """Read one file and split its front matter; report an unreadable file or bad front matter and return None."""
    where = display_path(path)
    text = read_text(path, where, problems)
    if text is None:
        return None
    try:
        meta, body = split(text)
    except FrontMatterProblem as exc:
        problems.error(where, exc.line, exc.message, exc.fix)
        return None
    stem = path.name[: -len(Path(path.name).suffix)] if "." in path.name else path.name
    dated = JEKYLL_NAME.match(stem)
    name_date = None
    if dated:
        try:
            name_date, stem = dt.date.fromisoformat(dated.group(1)), dated.group(2)
        except ValueError:
            pass
    return SourcePage(path, relative, where, meta, body, name_date, stem)


class FrontMatterProblem(Exception):
    """The front matter cannot be read: its line in the file, and a fix."""

    def __init__(self, line: int, message: str, fix: str) -> None:
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


FIX = "correct it in the source file and import again (the other files were imported)"


def split(text: str) -> tuple[dict[str, Any], str]:
    """YAML between `---` lines (Hugo, Jekyll, Obsidian), TOML between `+++` (Hugo), or none (MkDocs): values and body."""
    lines = text.split("\n")
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return {}, text
    closers = ("---", "...") if fence == "---" else ("+++",)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    if end is None:
        raise FrontMatterProblem(1, f'the front matter is never closed (no second "{fence}" line)', FIX)
    source = "\n".join(lines[1:end])
    if fence == "+++":
        try:
            meta: Any = tomllib.loads(source + "\n")
        except tomllib.TOMLDecodeError as exc:
            found = TOML_LINE.search(str(exc))
            line = int(found.group(1)) + 1 if found else 2
            raise FrontMatterProblem(line, f"the front matter is not valid TOML ({TOML_LINE.sub('', str(exc)).strip()})", FIX) from None
    else:
        try:
            meta = yaml.load(source, Loader=DatesAsTextLoader) or {}
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise FrontMatterProblem((mark.line + 2) if mark else 2, f"the front matter is not valid YAML ({(exc.problem or 'invalid YAML').strip()})", FIX) from None
        except yaml.YAMLError as exc:
            raise FrontMatterProblem(2, f"the front matter is not valid YAML ({exc})", FIX) from None
    if not isinstance(meta, dict):
        raise FrontMatterProblem(2, "the front matter is not a list of fields", FIX)
    return meta, "\n".join(lines[end + 1 :])
