"""Rendered articles kept between builds, keyed by hashes of everything their HTML depends on."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .article import Article
from .cache import CacheDamaged, read_sealed, seal, write_atomic, write_sealed
from .render import Rendered

INDEX = "articles.pickle"


@dataclass
class Entry:
    """One article as the last build saw it: its validated front matter and its rendering."""

    source_key: str  # the program's version, the file's place and its bytes
    article: Article  # front matter only (the body is read again when it must be re-rendered)
    context_key: str  # RenderContext.key, plus whether the article was published
    rendered: Rendered  # on disk, html is empty and lives in its own file
    render_key: str


def read_html(path: Path) -> str:
    """The HTML of a cached article; a damaged file stops the build, which then starts again from nothing."""
    html = read_sealed(path)
    if not isinstance(html, str):
        raise CacheDamaged(f"{path}: a cached page failed its checksum")
    return html


class ArticleCache:
    """A disk cache beside the output (for builds) or an in-memory one (for the dev server)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.previous: dict[str, Entry] = {}
        self.current: dict[str, Entry] = {}
        if folder is not None:
            loaded = read_sealed(folder / INDEX)
            if isinstance(loaded, dict) and all(isinstance(e, Entry) for e in loaded.values()):
                self.previous = loaded

    @property
    def on_disk(self) -> bool:
        return self.folder is not None

    def lookup(self, relative: str, source_key: str) -> Entry | None:
        entry = self.previous.get(relative)
        if entry is None or entry.source_key != source_key:
            return None
        return dataclasses.replace(entry, article=dataclasses.replace(entry.article))

    def html_file(self, render_key: str) -> Path:
        assert self.folder is not None
        return self.folder / "html" / render_key[:2] / render_key

    def store_html(self, render_key: str, html: str) -> Path:
        path = self.html_file(render_key)
        if not path.is_file():
            write_atomic(path, seal(html))
        return path

    def keep(self, relative: str, entry: Entry) -> None:
        self.current[relative] = entry

    def save(self) -> None:
        """Write the index of this build's entries and drop HTML no entry refers to any more."""
        if self.folder is None:
            self.previous, self.current = self.current, {}
            return
        write_sealed(self.folder / INDEX, self.current)
        wanted = {e.render_key for e in self.current.values()}
        html_root = self.folder / "html"
        if html_root.is_dir():
            for path in html_root.glob("*/*"):
                if path.name not in wanted:
                    path.unlink(missing_ok=True)
        self.previous, self.current = self.current, {}
