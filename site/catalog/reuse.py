"""What the last load rendered, kept so the next load renders only what changed (in memory; build/ keeps it on disk)."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from thaw.content.article import MAX_FILE_BYTES, Article, StoredHTML
from thaw.content.inputs import Input, Scan, scan
from thaw.errors import Problems
from thaw.markdown.render import Rendered
from thaw.util.hashing import digest


@dataclass(slots=True)
class Entry:
    """One article as the last load saw it: its validated front matter and its rendering."""

    source_key: str  # the program's version, the file's place and its bytes
    article: Article  # front matter only (the body is read again when it must be re-rendered)
    context_key: str  # RenderContext.key, plus whether the article was published
    rendered: Rendered  # when kept on disk, html is empty and lives where `stored` says
    render_key: str
    stored: StoredHTML | None = None


class Reuse:
    """Renderings kept in memory from one load to the next: the dev server re-renders only the files that changed.

    build/articlecache.ArticleCache keeps the same on disk between builds, signed.
    """

    def __init__(self) -> None:
        # content-relative path -> SHA-256 of the file as the build read it (a cache on disk fills it in)
        self.hashes: dict[str, str] = {}
        self._stats: dict[str, tuple[tuple[int, int], str]] = {}  # size and time of each file when hashed
        self.previous: dict[str, Entry] = {}
        self.current: dict[str, Entry] = {}
        self.scanned: Scan | None = None  # the content folder as the build listed it, for the load to use once

    @property
    def on_disk(self) -> bool:
        return False

    @property
    def hash_when_read(self) -> bool:
        """True when each article is best hashed by the process that reads it (a build from nothing)."""
        return False

    def scan(self, content_dir: Path, problems: Problems) -> list[Input]:
        """The files under the content folder (inputs.scan); a build that has listed them already hands in its Scan."""
        scanned, self.scanned = self.scanned, None  # used once: the next load (a dev server's reload) lists them again
        if scanned is not None and scanned.content_dir == content_dir:
            return scanned.replay(problems)
        return scan(content_dir, problems)

    def version(self) -> str:
        """What else a rendering depends on: in memory, nothing (the program cannot change under a running process)."""
        return ""

    def source_key(self, relative: str, where: str, file_hash: str) -> str:
        """What a rendering of a content file is found by: the file's bytes, its place and the program's version."""
        return digest(self.version(), relative, where, file_hash)

    def file_hash(self, path: Path, relative: str) -> str:
        """The SHA-256 of a content file: known from the build's own reading, else re-read only when its size or time changed."""
        known = self.hashes.get(relative)
        if known:
            return known
        try:
            stat = path.stat()
        except OSError:
            return ""
        seen = self._stats.get(relative)
        if seen and seen[0] == (stat.st_size, stat.st_mtime_ns):
            return seen[1]
        if stat.st_size > MAX_FILE_BYTES:
            return ""  # refused by read_article, with its own message
        try:
            value = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return ""
        self._stats[relative] = ((stat.st_size, stat.st_mtime_ns), value)
        self.remember_hash(relative, value)
        return value

    def remember_hash(self, relative: str, file_hash: str) -> None:
        """A file's hash as this load knows it; in memory it is not needed again."""

    def record_read(self, relative: str, file_hash: str) -> None:
        """The hash of the bytes the reader read; in memory it is not needed again."""

    def lookup(self, relative: str, source_key: str) -> Entry | None:
        """The entry for these exact bytes, if the last load kept one (a copy: the old site may still be serving)."""
        entry = self.previous.get(relative)
        if entry is None or entry.source_key != source_key:
            return None
        return dataclasses.replace(entry, article=dataclasses.replace(entry.article))

    def store_html(self, html: str, key: str) -> StoredHTML | None:
        """Keep an article's HTML outside the process; in memory the article holds it itself."""
        return None

    def keep(self, relative: str, entry: Entry) -> None:
        self.current[relative] = entry

    def save(self) -> None:
        """This load's entries become what the next load may reuse."""
        self.previous, self.current = self.current, {}
