"""Import a folder: read every page, place it in a section with a Thaw slug, rewrite its links, write it, report."""
from __future__ import annotations

import datetime as dt
import posixpath
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from thaw.content.inputs import IMAGE_SUFFIXES
from thaw.content.article import read_article
from thaw.migrate.body import Rewriter
from thaw.migrate.mapping import FRONT_LINES, Mapped, front_matter, map_fields
from thaw.migrate.sources import SourcePage, find_pages, read_page
from thaw.migrate.targets import INDEX_NAMES, Index, Page, heading_ids
from thaw.errors import Problem, Problems, ThawError, display_path
from thaw.util.suggest import did_you_mean
from thaw.util.text import ascii_slug

PICTURES_FOLDER, HANDOUTS_FOLDER = "images", "files"
RESERVED_SLUGS = ("glossary",)  # an imported page never becomes the site's glossary by its name alone


@dataclass
class Placement:
    """Which section the pages go to: `default`, or the section of the longest source folder in `folders` they are in."""

    default: str
    folders: dict[str, str] = field(default_factory=dict)

    def section_of(self, relative: str) -> str:
        parts = relative.split("/")[:-1]
        for depth in range(len(parts), 0, -1):
            folder = "/".join(parts[:depth])
            if folder in self.folders:
                return self.folders[folder]
        return self.default


def parse_map(items: Collection[str]) -> dict[str, str]:
    """`FOLDER=SECTION` pairs (as given to --map) as a mapping of source folder to section."""
    folders: dict[str, str] = {}
    for item in items:
        folder, equals, section = item.partition("=")
        if not equals or not folder.strip("/ ") or not section.strip():
            raise ThawError(f'--map {item}: the folder mapping "{item}" has no "=" between a folder and a section — write it as FOLDER=SECTION, e.g. --map blog=causes')
        folders[folder.strip().strip("/")] = section.strip()
    return folders


@dataclass
class ImportResult:
    """What was written (source, new file), what needs an editor's hand, and the files that could not be imported."""

    written: list[tuple[Path, Path]]
    report: list[Problem]
    errors: list[Problem]
    pictures: int = 0


def _check_folders(source: Path, output: Path) -> None:
    if not source.is_dir():
        raise ThawError(f"{display_path(source)}: the folder does not exist — give the folder that holds the Markdown files")
    real_source, real_output = source.resolve(), output.resolve()
    if real_output == real_source or real_source in real_output.parents:
        raise ThawError(f"{display_path(output)}: the output is inside the folder being imported — name a folder outside it (import never writes into its source)")
    if output.exists() and not output.is_dir():
        raise ThawError(f"{display_path(output)}: is a file, not a folder — name a new or empty folder")
    if output.is_dir() and any(output.iterdir()):
        raise ThawError(f"{display_path(output)}: the folder is not empty — name a new or empty folder (import never overwrites anything)")


def _check_sections(placement: Placement, section_ids: Collection[str]) -> None:
    for folder, section in [("", placement.default), *placement.folders.items()]:
        if section not in section_ids:
            flag = f"--map {folder}={section}" if folder else "--section"
            raise ThawError(f'{flag}: unknown section "{section}" — {did_you_mean(section, section_ids, "sections")}')


def _slugs(pages: list[SourcePage], mapped: list[Mapped]) -> list[str]:
    """A Thaw slug for each page, from its file name (an index page's from its title), unique across the import."""
    taken: set[str] = set(RESERVED_SLUGS)
    slugs: list[str] = []
    for page, fields in zip(pages, mapped):
        folder = posixpath.basename(posixpath.dirname(page.relative))
        if page.stem.lower() in INDEX_NAMES:
            base = ascii_slug(fields.values["title"]) or ascii_slug(folder)
        else:
            base = ascii_slug(page.stem) or ascii_slug(fields.values["title"])
        base = base or "page"
        slug, n = base, 2
        if slug in taken and ascii_slug(folder):
            slug = f"{ascii_slug(folder)}-{base}"
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


class Pictures:
    """Copies the pictures the pages show into the output's images/ folder, and the handouts they link into files/,
    once each, never over a file."""

    def __init__(self, source: Path, output: Path) -> None:
        self.source, self.output, self.copied = source, output, {}

    def __call__(self, relative: str) -> str | None:
        if relative in self.copied:
            return self.copied[relative]
        path = self.source / relative
        if not path.is_file() or self.source.resolve() not in path.resolve().parents:
            return None
        parts = relative.split("/")
        stem, suffix = posixpath.splitext(parts[-1])
        folder = PICTURES_FOLDER if suffix.lower() in IMAGE_SUFFIXES else HANDOUTS_FOLDER
        new = "/".join([folder, *(ascii_slug(p) or "folder" for p in parts[:-1]), (ascii_slug(stem) or "file") + suffix.lower()])
        destination = self.output / new
        destination.parent.mkdir(parents=True, exist_ok=True)
        with path.open("rb") as reading, destination.open("xb") as writing:
            shutil.copyfileobj(reading, writing)
        self.copied[relative] = new
        return new


def import_folder(source: Path, output: Path, placement: Placement, section_ids: Collection[str], today: dt.date | None = None) -> ImportResult:
    """Import every Markdown page under `source` into the new or empty folder `output` as Thaw drafts.

    Bad files are reported in `errors` and left out; the rest are written. Never writes into `source`, never overwrites."""
    today = today or dt.date.today()
    _check_folders(source, output)
    _check_sections(placement, section_ids)
    found = find_pages(source)
    if not found:
        raise ThawError(f"{display_path(source)}: there are no Markdown files (.md, .markdown) in this folder — give the folder that holds the pages (for MkDocs, its docs/ folder)")
    problems = Problems()
    pages = [page for path, relative in found if (page := read_page(path, relative, problems)) is not None]
    mapped = [map_fields(p.meta, p.body, p.stem, placement.section_of(p.relative), p.name_date, today) for p in pages]
    bodies = [_without_line(p.body, m.drop_first_heading) for p, m in zip(pages, mapped)]
    targets = []
    for page, fields, slug, body in zip(pages, mapped, _slugs(pages, mapped), bodies):
        names = (page.stem, posixpath.splitext(page.path.name)[0], fields.values["title"], *_aliases(page.meta.get("aliases")))
        targets.append(Page(page.relative, f"{fields.values['section']}/{slug}.md", names, heading_ids(body)))
    output.mkdir(parents=True, exist_ok=True)
    pictures = Pictures(source, output)
    rewriter = Rewriter(Index(targets), pictures)
    report = Problems()
    written: list[tuple[Path, Path]] = []
    for page, fields, target, body in zip(pages, mapped, targets, bodies):
        text, findings = rewriter.rewrite(body, target)
        path = output / target.new
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(front_matter(fields.values) + text)
        written.append((page.path, path))
        where = display_path(path)
        for note in fields.notes:
            report.error(where, note.line, note.message, note.fix)
        for finding in findings:
            report.error(where, FRONT_LINES + finding.line + 1, finding.message, finding.fix)
        read_article(path, path.stem, where, report)  # what Thaw itself would say of the file (nothing, normally)
    ordered = sorted(report.items, key=lambda p: (p.path, p.line or 0))
    return ImportResult(written, ordered, sorted(problems.items, key=lambda p: (p.path, p.line or 0)), len(pictures.copied))


def _without_line(body: str, line: int | None) -> str:
    """The body without its title heading (now the front matter's title), else as it was."""
    if line is None:
        return body
    lines = body.split("\n")
    return "\n".join(lines[:line] + lines[line + 1 :])


def _aliases(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value] if isinstance(value, list) else []
