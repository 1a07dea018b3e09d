"""Where an imported page's links can point: the imported pages by path, name, title and alias, with their heading ids."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from thaw.migrate.mapping import reader
from thaw.content.links import PAGE_ANCHORS
from thaw.markdown.parser import parser

INDEX_NAMES = ("index", "_index", "readme")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


@dataclass
class Page:
    """One imported page: its path in the source, its new content-relative path, and the names a wikilink may use."""

    relative: str
    new: str
    names: tuple[str, ...]
    anchors: set[str] = field(default_factory=set)


def heading_ids(body: str) -> set[str]:
    """The ids Thaw will give the body's headings, made by Thaw's own parser (so they cannot drift from what it makes),
    and the parts of a page any link may point at."""
    env: dict = {}
    parser(":::" in body).parse(body, env)
    written = {anchor for anchor, _ in env.get("anchors", [])}  # ids after a phrase: **x**{ #id }
    return set(PAGE_ANCHORS) | written | {heading[1] for heading in env.get("headings", [])}


def without_suffix(path: str) -> str:
    lower = path.lower()
    return next((path[: -len(s)] for s in MARKDOWN_SUFFIXES if lower.endswith(s)), path)


class Index:
    """Finds the imported page a link, a Hugo ref, a Jekyll post_url or an Obsidian wikilink means."""

    def __init__(self, pages: list[Page]) -> None:
        self.by_path = {page.relative: page for page in pages}
        self.by_bare = {without_suffix(page.relative).lower(): page for page in pages}
        self.by_name: dict[str, list[Page]] = {}
        for page in pages:
            for name in page.names:
                key = name.strip().lower()
                if key and page not in self.by_name.setdefault(key, []):
                    self.by_name[key].append(page)

    def at(self, path: str) -> Page | None:
        """The page at a source-relative path, written as a file, a file without its suffix, a folder or an .html address."""
        path = posixpath.normpath(path).lstrip("/") if path not in ("", "/") else ""
        bare = path[:-5] if path.lower().endswith(".html") else path
        candidates = [path, without_suffix(bare)] + [posixpath.join(bare, name) for name in INDEX_NAMES]
        for candidate in candidates:
            if candidate in self.by_path:
                return self.by_path[candidate]
            page = self.by_bare.get(without_suffix(candidate).lower().strip("/").removeprefix("./"))
            if page is not None:
                return page
        return None

    def find(self, path: str, folder: str, up: bool) -> Page | None:
        """`path` from `folder` (both source-relative); with `up`, also from each folder above it (a site's root, Hugo's
        content/) and, for a bare name, the one page of that name."""
        if path.startswith("/"):
            up, path = True, path.lstrip("/")
        folders = [folder]
        while up and folder:
            folder = posixpath.dirname(folder)
            folders.append(folder)
        for base in folders:
            if posixpath.normpath(posixpath.join(base, path)).startswith(".."):
                continue
            page = self.at(posixpath.join(base, path) if base else path)
            if page is not None:
                return page
        if up and "/" not in path.strip("/"):
            return self.named(without_suffix(path.strip("/")))
        return None

    def named(self, name: str) -> Page | None:
        """The one page with this file name, path, title or alias (as Obsidian matches them, ignoring case)."""
        key = without_suffix(name.strip()).lower()
        page = self.by_bare.get(key)
        if page is not None:
            return page
        found = self.by_name.get(key, [])
        return found[0] if len(found) == 1 else None
