"""List the files a build may read under content/: regular Markdown, references.yaml, pictures and handouts, each checked first."""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from thaw.errors import Problem, Problems, display_path

MB = 1_000_000
# An article is prose: the longest real one is well under 200 kB, so 2 MB leaves room for ten times that while
# keeping a wrong file (a log, a database dump saved as .md) from costing gigabytes of memory.
MAX_TEXT_BYTES = 2 * MB
# A photo from a phone is 3–8 MB; a picture for a web page should be far smaller, and 20 MB is beyond any of them.
MAX_IMAGE_BYTES = 20 * MB
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif")
# Handouts an article may link: documents and recordings a browser shows or plays but never runs. Never .html, .svg,
# .js, .css or .xml: served from the practice's own address they could run script there (read what visitors keep in
# it, or show a false page under the practice's name); nor .docx and the like, which need an office program.
HANDOUT_SUFFIXES = (".pdf", ".txt", ".mp3", ".m4a", ".ogg")
# A 30-minute guided recording is about 30 MB as MP3; a printable handout is far smaller.
MAX_HANDOUT_BYTES = 50 * MB
REFERENCES = "references.yaml"


@dataclass(frozen=True, slots=True)
class Input:
    """One file the build reads: its path, its content-relative path, and whether it is a link."""

    path: Path
    relative: str
    symlink: bool


def is_hidden(name: str) -> bool:
    """Hidden (`.git`, `.DS_Store`) and private (`_drafts`) names are never read."""
    return name.startswith((".", "_"))


def limit_of(relative: str) -> int | None:
    """The size limit of a file the build reads, or None for a file it never reads."""
    if relative.endswith(".md") or relative == REFERENCES or relative.count("/") == 1 and relative.endswith("/" + REFERENCES):  # a translation's own
        return MAX_TEXT_BYTES
    if relative.lower().endswith(IMAGE_SUFFIXES):
        return MAX_IMAGE_BYTES
    if relative.lower().endswith(HANDOUT_SUFFIXES):
        return MAX_HANDOUT_BYTES
    return None


def is_handout(relative: str) -> bool:
    """A handout is read only when an article links it: one over its limit is left out here and reported by the link."""
    return relative.lower().endswith(HANDOUT_SUFFIXES)


def too_large(size: int, limit: int) -> str:
    """The message for a file over its limit."""
    return f"too large ({size / MB:,.1f} MB; the limit is {limit // MB} MB)"


def fix_for(relative: str) -> str:
    """How to make a file over its limit smaller."""
    if relative.endswith(".md"):
        return "split it into several articles"
    if relative == REFERENCES:
        return "split long notes out of it; it should hold only the list of sources"
    if is_handout(relative):
        return "make it smaller (a PDF saved for the web, a recording at 128 kbit/s), or split it"
    return "save a smaller picture (a web page needs at most about 2000 pixels across)"


def scan(content_dir: Path, problems: Problems | None = None) -> list[Input]:
    """Every file under content/ the build reads, sorted; unreadable folders, special files, links out of content/,
    link loops and files over their size limit are reported to `problems` (when given) and left out."""
    found: list[Input] = []
    root = os.path.realpath(content_dir)
    shown_root = display_path(content_dir, content_dir.parent)

    def report(relative: str, message: str, fix: str) -> None:
        if problems is not None:
            problems.error(f"{shown_root}/{relative}" if relative else shown_root, None, message, fix)

    folders: list[tuple[str, str]] = [(str(content_dir), "")]
    while folders:
        directory, prefix = folders.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as exc:
            report(prefix.rstrip("/"), f"cannot read the folder ({exc.strerror or exc})", "make it readable (chmod u+rx), or move it out of the content folder")
            continue
        for entry in entries:
            name = entry.name
            if is_hidden(name):
                continue
            relative = prefix + name
            try:
                is_link = entry.is_symlink()
                if not is_link and entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, relative + "/"))
                    continue
                regular = entry.is_file(follow_symlinks=False)
            except OSError as exc:
                report(relative, f"cannot read it ({exc.strerror or exc})", "make it readable, or move it out of the content folder")
                continue
            if not is_link and not regular:
                report(relative, "is not a regular file (a pipe, socket or device)", "remove it from the content folder; only Markdown files, references.yaml, pictures and handouts belong there")
                continue
            limit = limit_of(relative)
            if not is_link and limit is None:
                continue  # a file the build never reads
            size = 0
            if not is_link:
                try:
                    size = entry.stat(follow_symlinks=False).st_size
                except OSError as exc:
                    report(relative, f"cannot read it ({exc.strerror or exc})", "make it readable, or move it out of the content folder")
                    continue
            else:
                try:
                    target = os.path.realpath(entry.path, strict=True)
                    info = os.stat(target)
                except OSError as exc:
                    if limit is None or is_handout(relative):
                        continue  # a broken link the build would never read (or reads only when an article links it)
                    loop = exc.errno == errno.ELOOP
                    report(relative, "is a link that leads round in a loop" if loop else "is a link to a file that does not exist", "replace the link with the file itself")
                    continue
                if target != root and not target.startswith(root + os.sep):
                    if is_handout(relative):
                        continue  # read only when linked, and a link to it is refused (content/links.py)
                    report(relative, "is a link to somewhere outside the content folder", "copy the file into content/ instead of linking it")
                    continue
                if stat.S_ISDIR(info.st_mode) or limit is None:
                    continue  # links to folders are not followed; other files are never read
                if not stat.S_ISREG(info.st_mode):
                    report(relative, "is a link to something that is not a regular file", "replace the link with the file itself")
                    continue
                size = info.st_size
            if size > limit:
                if not is_handout(relative):
                    report(relative, too_large(size, limit), fix_for(relative))
                continue
            found.append(Input(Path(entry.path), relative, is_link))
    found.sort(key=lambda item: item.relative.split("/"))  # the order of sorted Paths (by parts), more cheaply
    return found


@dataclass(frozen=True)
class Scan:
    """What one scan of the content folder found: the files, and the problems it reported (to be reported again)."""

    content_dir: Path
    items: list[Input]
    problems: list[Problem]

    @classmethod
    def of(cls, content_dir: Path) -> Scan:
        found = Problems()
        return cls(content_dir, scan(content_dir, found), found.items)

    def replay(self, problems: Problems | None) -> list[Input]:
        """The files, with the problems added to `problems`, as a new scan would give them."""
        if problems is not None:
            problems.items.extend(self.problems)
        return self.items


def find_sources(content_dir: Path, problems: Problems | None = None) -> list[Path]:
    """Every Markdown file under the content folder, skipping hidden files and folders (see scan)."""
    return [item.path for item in scan(content_dir, problems) if item.relative.endswith(".md")]


def is_source(relative: str) -> bool:
    """Is this content-relative path one find_sources finds?"""
    parts = relative.split("/")
    return relative.endswith(".md") and not any(is_hidden(part) for part in parts)
