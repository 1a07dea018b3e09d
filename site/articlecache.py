"""Rendered articles kept between builds, keyed by hashes of everything their HTML depends on."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import marshal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .article import Article, Heading, Review
from .cache import FORMAT, CacheDamaged, read_sealed, seal, write_atomic
from .errors import Problem
from .links import InternalLink
from .render import Rendered

INDEX = "articles.marshal"


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
            self.previous = _read_index(folder / INDEX)

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
        changed = self.current.keys() != self.previous.keys() or any(
            self.previous[r].source_key != e.source_key or self.previous[r].render_key != e.render_key for r, e in self.current.items()
        )
        if not changed:
            self.previous, self.current = self.current, {}
            return
        _write_index(self.folder / INDEX, self.current)
        wanted = {e.render_key for e in self.current.values()}
        for entry in self.previous.values():
            if entry.render_key not in wanted:
                self.html_file(entry.render_key).unlink(missing_ok=True)
        self.previous, self.current = self.current, {}


# The index is stored as plain tuples with marshal: several times faster to load than pickled dataclasses.
def _date(value: dt.date | None) -> int | None:
    return value.toordinal() if value else None


def _undate(value: int | None) -> dt.date | None:
    return dt.date.fromordinal(value) if value else None


def _record(entry: Entry) -> tuple[Any, ...]:
    a, r = entry.article, entry.rendered
    article = (
        a.slug, str(a.path), a.display, a.title, a.summary, a.section, _date(a.date), a.order, a.tags, _date(a.updated),
        (a.review.by, a.review.credentials, _date(a.review.on), _date(a.review.next_due)),
        a.references, a.draft, a.content_note, a.audience, a.body_line, a.field_lines,
    )
    rendered = (
        tuple((h.level, h.id, h.text) for h in r.headings), r.citation_keys, r.words, r.images,
        tuple((k.href, k.line, k.relative, k.anchor, k.encoded_anchor) for k in r.links),
        tuple((p.path, p.line, p.message, p.fix) for p in r.warnings), r.search_terms,
    )
    return (entry.source_key, article, entry.context_key, rendered, entry.render_key)


def _entry(record: tuple[Any, ...]) -> Entry:
    source_key, a, context_key, r, render_key = record
    by, credentials, on, next_due = a[10]
    article = Article(
        slug=a[0], path=Path(a[1]), display=a[2], title=a[3], summary=a[4], section=a[5], date=_undate(a[6]), order=a[7],  # type: ignore[arg-type]
        tags=a[8], updated=_undate(a[9]), review=Review(by, credentials, _undate(on), _undate(next_due)),
        references=a[11], draft=a[12], content_note=a[13], audience=a[14], body_line=a[15], field_lines=a[16],
    )
    rendered = Rendered(
        html="", headings=tuple(Heading(*h) for h in r[0]), citation_keys=r[1], words=r[2], images=r[3],
        links=tuple(InternalLink(*k) for k in r[4]), warnings=tuple(Problem(*p, warning=True) for p in r[5]), search_terms=r[6],
    )
    return Entry(source_key, article, context_key, rendered, render_key)


def _write_index(path: Path, entries: dict[str, Entry]) -> None:
    payload = marshal.dumps({relative: _record(e) for relative, e in entries.items()})
    write_atomic(path, FORMAT + hashlib.sha256(payload).digest() + payload)


def _read_index(path: Path) -> dict[str, Entry]:
    """The entries of the last build; an index that is missing, damaged or of another format reads as empty."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    start = len(FORMAT) + 32
    payload = data[start:]
    if not data.startswith(FORMAT) or hashlib.sha256(payload).digest() != data[len(FORMAT) : start]:
        return {}
    try:
        return {relative: _entry(record) for relative, record in marshal.loads(payload).items()}
    except Exception:  # noqa: BLE001 - anything unreadable is simply not reused
        return {}
