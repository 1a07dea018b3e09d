"""Rendered articles kept between builds, keyed by hashes of everything their HTML depends on."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from thaw.content.article import Article, Heading, Review
from thaw.build.cache import FORMAT, MAC_BYTES, CacheDamaged, code_version, read_sealed, sign, write_sealed
from thaw.catalog.reuse import Entry, Reuse
from thaw.errors import Problem
from thaw.content.links import InternalLink
from thaw.build.plaindata import boolean, checker, custom, integer, items, matches, optional, row, table, text
from thaw.markdown.render import Rendered

INDEX = "articles.json"
COMPACT_SLACK = 1_000_000  # bytes of dead HTML tolerated before packs are compacted
PACK_NAME = re.compile(r"[0-9]{1,10}-[0-9a-f]{12}\.pack")
MAX_RECORD = 64_000_000  # bytes: far more than the HTML of the largest article allowed


class Stored(NamedTuple):
    """Where an article's HTML is kept: a record in one of the cache's pack files, signed together with its render key."""

    pack: Path
    offset: int
    length: int
    key: str  # the render key (the file's hash, the code's version, the surroundings) the HTML was made for

    def read(self) -> str:
        """The HTML, checked against its signature (content.article.StoredHTML)."""
        return read_html(self)


def read_html(stored: Stored) -> str:
    """The HTML of a cached article, if its record is signed for its render key; else the build starts again from nothing."""
    try:
        with stored.pack.open("rb") as stream:
            stream.seek(stored.offset)
            data = stream.read(stored.length)
    except OSError:
        raise CacheDamaged(f"{stored.pack}: a cached page is missing") from None
    start = len(FORMAT) + MAC_BYTES
    body = data[start:]
    if len(data) != stored.length or not data.startswith(FORMAT) or not hmac.compare_digest(_signature(stored.key, body), data[len(FORMAT) : start]):
        raise CacheDamaged(f"{stored.pack}: a cached page failed its checksum")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise CacheDamaged(f"{stored.pack}: a cached page is not text") from None


def _signature(key: str, body: bytes) -> bytes:
    return sign(FORMAT, key.encode(), body)


class ArticleCache(Reuse):
    """Renderings kept on disk beside the output between builds: a signed JSON index and packs of signed HTML."""

    def __init__(self, folder: Path, hashes: dict[str, str] | None = None) -> None:
        super().__init__()
        self.folder = folder
        # content-relative path -> SHA-256: of every file when the build has already read them all; else of each
        # article as the process that reads it hashes it (hash_when_read)
        self.hashes = hashes if hashes is not None else {}
        self._hashed_before = hashes is not None
        self._pack: BinaryIO | None = None
        self._pack_path = Path()
        self._pack_owner = 0
        self._records: dict[str, list[Any]] = _read_records(folder / INDEX)
        html = folder / "html"
        try:
            packs: dict[str, Path] = {}  # one Path per pack file, shared by its records
            self.previous = {relative: _entry(record, html, packs) for relative, record in self._records.items()}
        except (TypeError, ValueError, OverflowError):  # checked for shape already: only a date out of range is left
            self.previous, self._records = {}, {}

    @property
    def on_disk(self) -> bool:
        return True

    @property
    def hash_when_read(self) -> bool:
        """A build from nothing (no hashes yet, nothing cached): each article is hashed by the process that reads and
        renders it, rather than read once more beforehand only to find that nothing can be reused."""
        return not self._hashed_before and not self.previous

    def version(self) -> str:
        """The Python code's version: a cached rendering made by other code is never reused (templates do not matter)."""
        return code_version(python_only=True)

    def remember_hash(self, relative: str, file_hash: str) -> None:
        self.hashes[relative] = file_hash  # the build's input key is made of these

    def record_read(self, relative: str, file_hash: str) -> None:
        """The hash of the bytes a build's reader read: the build's inputs (and the next build's check) are made of these."""
        self.hashes[relative] = file_hash

    def lookup(self, relative: str, source_key: str) -> Entry | None:
        """The entry for these exact bytes, if the last build kept one (handed over, not copied)."""
        entry = self.previous.get(relative)
        if entry is None or entry.source_key != source_key:
            return None
        return entry

    def store_html(self, html: str, key: str) -> Stored:
        """Append one article's HTML, signed with its render key, to this process's pack file (workers each write their own).

        A record cut short fails its checksum, so nothing needs renaming; one file per process instead of one per
        article keeps a cold build from creating thousands of small files.
        """
        if self._pack is None or self._pack_owner != os.getpid():
            folder = self.folder / "html"
            folder.mkdir(parents=True, exist_ok=True)
            self._pack_path = folder / f"{os.getpid()}-{secrets.token_hex(6)}.pack"
            self._pack = self._pack_path.open("ab", buffering=0)
            self._pack_owner = os.getpid()
        body = html.encode("utf-8")
        record = FORMAT + _signature(key, body) + body
        offset = self._pack.tell()
        self._pack.write(record)
        return Stored(self._pack_path, offset, len(record), key)

    def save(self) -> None:
        """Write the index of this build's entries and drop HTML no entry refers to any more."""
        changed = self.current.keys() != self.previous.keys() or any(
            self.previous[r].source_key != e.source_key or self.previous[r].render_key != e.render_key for r, e in self.current.items()
        )
        if not changed:
            self.previous, self.current = self.current, {}
            return
        if self._pack is not None:
            self._pack.close()
            self._pack = None
        read_this_build = {e.stored.pack.name for e in self.current.values() if e.stored}  # this build's pages still read them
        self._compact()
        records = {}
        for relative, entry in self.current.items():
            before = self.previous.get(relative)
            same = before is not None and (before.source_key, before.context_key, before.render_key, before.stored) == (entry.source_key, entry.context_key, entry.render_key, entry.stored)
            records[relative] = self._records[relative] if same and relative in self._records else _record(entry)
        _write_index(self.folder / INDEX, records)
        self._records = records
        # A compacted pack stays until the next build: this build's articles still point into it until they are frozen.
        used = {e.stored.pack.name for e in self.current.values() if e.stored} | read_this_build
        for pack in (self.folder / "html").glob("*.pack"):
            if pack.name not in used:
                pack.unlink(missing_ok=True)
        self.previous, self.current = self.current, {}

    def _compact(self) -> None:
        """When more than half of the pack files is HTML no article uses any more, copy the live records into a new pack."""
        packs = {e.stored.pack for e in self.current.values() if e.stored}
        live = sum(e.stored.length for e in self.current.values() if e.stored)
        total = sum(p.stat().st_size for p in packs if p.is_file())
        if total <= 2 * live + COMPACT_SLACK:
            return
        for relative, entry in self.current.items():
            if entry.stored:
                self.current[relative] = dataclasses.replace(entry, stored=self.store_html(read_html(entry.stored), entry.render_key))
        if self._pack is not None:
            self._pack.close()
            self._pack = None


# The index is plain JSON: a table of records (lists), each checked for shape before anything is made of it.
def _date(value: dt.date | None) -> int | None:
    return value.toordinal() if value else None


def _undate(value: int | None) -> dt.date | None:
    return dt.date.fromordinal(value) if value else None


def _record(entry: Entry) -> list[Any]:
    a, r = entry.article, entry.rendered
    article = [
        a.slug, str(a.path), a.display, a.title, a.summary, a.section, _date(a.date), a.order, list(a.tags), _date(a.updated),
        [a.review.by, a.review.credentials, _date(a.review.reviewed_on), _date(a.review.next_due), a.review.fingerprint],
        list(a.references), a.draft, a.content_note, a.audience, a.body_line, a.field_lines, a.physical_signs, a.text_fingerprint,
        a.translation_of, a.translated_from,
    ]
    rendered = [
        [[h.level, h.id, h.text] for h in r.headings], [list(c) for c in r.citation_keys], r.words, list(r.images),
        [[k.href, k.line, k.relative, k.anchor, k.encoded_anchor] for k in r.links],
        [[p.path, p.line, p.message, p.fix] for p in r.warnings], r.search_terms,
    ]
    stored = [entry.stored.pack.name, entry.stored.offset, entry.stored.length] if entry.stored else None
    return [entry.source_key, article, entry.context_key, rendered, entry.render_key, stored]


def _entry(record: list[Any], html: Path, packs: dict[str, Path]) -> Entry:
    source_key, a, context_key, r, render_key, stored = record
    by, credentials, on, next_due, signed = a[10]
    article = Article(
        slug=a[0], path=Path(a[1]), display=a[2], title=a[3], summary=a[4], section=a[5], date=_undate(a[6]), order=a[7],  # type: ignore[arg-type]
        tags=tuple(a[8]), updated=_undate(a[9]), review=Review(by, credentials, _undate(on), _undate(next_due), signed),
        references=tuple(a[11]), draft=a[12], content_note=a[13], audience=a[14], body_line=a[15], field_lines=a[16],
        physical_signs=a[17], text_fingerprint=a[18], translation_of=a[19], translated_from=a[20],
    )
    rendered = Rendered(
        html="", headings=tuple(Heading(*h) for h in r[0]), citation_keys=tuple(map(tuple, r[1])), words=r[2], images=tuple(r[3]),
        links=tuple(InternalLink(*k) for k in r[4]), warnings=tuple(Problem(*p, warning=True) for p in r[5]), search_terms=r[6],
    )
    if stored:
        pack = packs.get(stored[0]) or packs.setdefault(stored[0], html / stored[0])
        return Entry(source_key, article, context_key, rendered, render_key, Stored(pack, stored[1], stored[2], render_key))
    return Entry(source_key, article, context_key, rendered, render_key)


_KEY = text(64)
_TEXT = text()
_DATE = optional(integer(1, dt.date.max.toordinal()))
_LINE = integer(0, 10_000_000)
_STRINGS = items(_TEXT)
_ARTICLE = row(
    _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _DATE, integer(), _STRINGS, _DATE,
    row(_TEXT, _TEXT, _DATE, _DATE, _TEXT),
    _STRINGS, boolean(), _TEXT, _TEXT, _LINE, table(_TEXT, _LINE), boolean(), _TEXT, _TEXT, _TEXT,
)
_RENDERED = row(
    items(row(integer(1, 6), _TEXT, _TEXT)), items(row(_TEXT, _LINE)), integer(0), _STRINGS,
    items(row(_TEXT, _LINE, _TEXT, _TEXT, _TEXT)),
    items(row(_TEXT, optional(_LINE), _TEXT, _TEXT)), _TEXT,
)
_STORED = optional(row(custom(lambda name: type(name) is str and PACK_NAME.fullmatch(name) is not None), integer(0), integer(len(FORMAT) + MAC_BYTES, MAX_RECORD)))
RECORDS = checker(table(_TEXT, row(_KEY, _ARTICLE, _KEY, _RENDERED, _KEY, _STORED)))


def _write_index(path: Path, records: dict[str, list[Any]]) -> None:
    write_sealed(path, records)


def _read_records(path: Path) -> dict[str, list[Any]]:
    """The records of the last build; an index that is missing, damaged, forged or of another shape reads as empty."""
    records = read_sealed(path)
    return records if matches(RECORDS, records) else {}
