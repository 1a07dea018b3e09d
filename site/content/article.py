"""An article: read one Markdown file, validate its front matter, and hold what it renders to."""
from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any, Protocol

import yaml

from thaw.content import fields as f
from thaw.errors import Problems
from thaw.content.frontmatter import FrontMatterError, split
from thaw.content.inputs import MAX_TEXT_BYTES, too_large
from thaw.content.review import FINGERPRINT, fingerprint
from thaw.util.pickling import by_fields
from thaw.util.suggest import did_you_mean
from thaw.util.text import SLUG_RE

MAX_FILE_BYTES = MAX_TEXT_BYTES  # see inputs.py for why


PLACEHOLDER = "thaw-internal-link:"  # stands in for a link to another article until every article's headings are known
PLACEHOLDER_RE = re.compile(re.escape(PLACEHOLDER) + r"(\d+)")
UNLINKED = PLACEHOLDER + "none"  # a link to a page the site does not publish (its section hidden): only its text is shown
_ANCHOR_RE = re.compile(r'<a href="' + re.escape(PLACEHOLDER) + r'(\d+|none)"[^>]*>(.*?)</a>', re.DOTALL)


class StoredHTML(Protocol):
    """Where a cache keeps an article's HTML (build/articlecache.Stored); reading it checks it is intact."""

    def read(self) -> str: ...


def fill_placeholders(html: str, urls: tuple[str, ...] | list[str]) -> str:
    """Put each internal link's final URL in place of its placeholder (numbered within the article); a link without
    one (to a page in a hidden section) becomes its text alone."""
    if PLACEHOLDER not in html:
        return html
    html = _ANCHOR_RE.sub(lambda m: m.group(0) if m.group(1) != "none" and urls[int(m.group(1))] else m.group(2), html)  # no URL: text only
    return PLACEHOLDER_RE.sub(lambda m: urls[int(m.group(1))], html)


@by_fields
@dataclass(frozen=True, slots=True)
class Review:
    """Who reviewed an article clinically, and when it is due again (empty until reviewed)."""

    by: str = ""
    credentials: str = ""
    reviewed_on: dt.date | None = None
    next_due: dt.date | None = None
    fingerprint: str = ""  # of the text the reviewer read (content/review.py)

    @property
    def done(self) -> bool:
        return bool(self.by and self.reviewed_on)


@by_fields
@dataclass(frozen=True, slots=True)
class Heading:
    """A heading (level 1–6) or, at level 0, an id written after a phrase (`**x**{ #id }`): what a link may point at."""

    level: int
    id: str
    text: str


@by_fields
@dataclass(eq=False, slots=True)  # an article is itself: compared by identity, never field by field
class Article:
    """One page of content: its metadata, where it came from and (after rendering) its HTML."""

    slug: str
    path: Path
    display: str
    title: str
    summary: str
    section: str
    date: dt.date
    order: int = 100
    tags: tuple[str, ...] = ()
    updated: dt.date | None = None
    review: Review = field(default_factory=Review)
    references: tuple[str, ...] = ()
    draft: bool = False
    content_note: str = ""
    audience: str = "public"
    physical_signs: bool = False  # the page talks about numbness in the body: show the urgent signs of a stroke
    translation_of: str = ""  # a translation: its original's path under content/, without .md ("understanding/what-is-numbness")
    translated_from: str = ""  # the fingerprint of the original's text it was translated from (content/review.py)
    complete: bool = True  # False: its front matter has errors, so it is never published (its text is still checked)
    text_fingerprint: str = ""  # of the text a reader reads now (content/review.py); a review records the one it covered
    review_status: Any = None  # content.review.Status, worked out on every load (it depends on the day)
    body: str = ""
    body_line: int = 1
    field_lines: dict[str, int] = field(default_factory=dict)
    # Filled in by the Markdown stage (render.py), or from the cache of an earlier build:
    tokens: list[Any] = field(default_factory=list, repr=False)
    env: dict[str, Any] = field(default_factory=dict, repr=False)
    headings: tuple[Heading, ...] = ()
    citations: tuple[str, ...] = ()
    words: int = 0
    search_phrases: tuple[str, ...] = ()  # front matter search_terms: plain phrases readers type, indexed with weight
    search_terms: str = field(default="", repr=False)
    render_key: str = ""
    url: str = ""  # the page's path on the site, once published
    html_text: str | None = field(default=None, repr=False)  # rendered HTML with link placeholders, when held in memory
    html_file: StoredHTML | None = None  # … or where a cache keeps it
    from_cache: bool = False  # rendered by an earlier build (its cache file is checked before use)
    link_urls: tuple[str, ...] = ()  # final URLs of the placeholders, filled in once every article is known

    @property
    def html(self) -> str:
        """The article's HTML with links to other articles filled in (read from the cache when not held)."""
        text = self.html_text
        if text is None:
            text = self.html_file.read() if self.html_file else ""
        return fill_placeholders(text, self.link_urls)

    @property
    def last_changed(self) -> dt.date:
        return self.updated or self.date

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / 200))

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, 1)


def _review(node: yaml.Node, line: int, problems: Problems, where: str) -> Review:
    if f.is_empty(node):
        return Review()
    if not isinstance(node, yaml.MappingNode):
        problems.error(where, line, '"review" must be a group of fields', "indent by:, credentials:, reviewed_on:, next_due: and fingerprint: under it")
        return Review()
    values: dict[str, Any] = {}
    readers: dict[str, Callable[[yaml.Node, str], Any]] = {
        "by": f.optional_text,
        "credentials": f.optional_text,
        "reviewed_on": f.optional_date,
        "next_due": f.optional_date,
        "fingerprint": f.optional_text,
    }
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 2  # YAML counts from 0 and the front matter starts on line 2
        name = str(key_node.value)
        if name.lower() == "on":
            problems.warn(where, key_line, 'review key "on" is read as "true" by some YAML tools', "rename it to reviewed_on (same date)")
            name = "reviewed_on"
        if name not in readers:
            hint = 'did you mean "by"? (the reviewer\'s name)' if name in ("reviewer", "reviewed_by", "name") else did_you_mean(name, readers, "review fields")
            problems.error(where, key_line, f'unknown review field "{name}"', hint)
            continue
        try:
            values[name] = readers[name](value_node, f"review.{name}")
        except f.FieldError as exc:
            problems.error(where, key_line, exc.message, exc.fix)
    review = Review(**{k: v for k, v in values.items() if v is not None and v != ""})
    if review.by and not review.reviewed_on:
        problems.error(where, line, "the review names a reviewer but no date", "add review.reviewed_on: the date of the review (or run: python build.py review --sign)")
    if review.reviewed_on and not review.by:
        problems.error(where, line, "the review has a date but no reviewer", "add review.by: the reviewer's name, or clear review.reviewed_on")
    if review.reviewed_on and review.next_due and review.next_due <= review.reviewed_on:
        problems.error(where, line, "review.next_due is not after review.reviewed_on", "set next_due to a later date")
    if review.fingerprint and not FINGERPRINT.match(review.fingerprint):
        problems.error(where, line, f'review.fingerprint "{review.fingerprint}" is not one Thaw wrote', "never edit it by hand: run python build.py review --sign \"Name, Credentials\" on this page")
    return review


SCHEMA: dict[str, Callable[..., Any]] = {
    "title": lambda n: f.text(n, "title", 120),
    "summary": lambda n: f.text(n, "summary", 300),
    "section": lambda n: f.text(n, "section"),
    "order": lambda n: f.integer(n, "order"),
    "tags": lambda n: f.slug_list(n, "tags"),
    "date": lambda n: f.date(n, "date"),
    "updated": lambda n: f.optional_date(n, "updated"),
    "review": None,  # read by _review (a nested group)
    "references": lambda n: f.slug_list(n, "references"),
    "draft": lambda n: f.boolean(n, "draft"),
    "content_note": lambda n: f.optional_text(n, "content_note", 300),
    "audience": lambda n: f.choice(n, "audience", AUDIENCES),
    "physical_signs": lambda n: f.boolean(n, "physical_signs"),
    "search_terms": lambda n: f.phrase_list(n, "search_terms"),  # indexed as Article.search_phrases (search.py)
    "translation_of": lambda n: _original_path(n),
    "translated_from": lambda n: _fingerprint(n, "translated_from"),
}


def _original_path(node: Any) -> str:
    """translation_of: the original's path under content/ ("understanding/what-is-numbness"; a final .md is allowed)."""
    value = f.text(node, "translation_of").removesuffix(".md").strip("/")
    if not all(SLUG_RE.match(part) for part in value.split("/")):
        raise f.FieldError(f'translation_of "{value}" is not the path of a page', "write the original's path under content/, e.g. translation_of: understanding/what-is-numbness")
    return value


def _fingerprint(node: Any, name: str) -> str:
    value = f.optional_text(node, name)
    if value and not FINGERPRINT.match(value):
        raise f.FieldError(f'{name} "{value}" is not one Thaw wrote', "never edit it by hand: run python build.py translated FILE once the translation matches its original")
    return value
AUDIENCES = ("public", "clinicians")
REQUIRED = ("title", "summary", "section", "date")


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never in text a person writes; invalid in XML


def read_text(path: Path, where: str, problems: Problems, on_bytes: Callable[[bytes], Any] | None = None) -> str | None:
    """Read a UTF-8 file, normalising BOM and line endings; report unreadable, special and oversized files. `on_bytes` sees the bytes read."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            problems.error(where, None, "is not a regular file (a pipe, socket, device or folder)", "replace it with a plain text file")
            return None
        with open(path, "rb") as stream:
            # What the size says, plus one byte to see a file that grew meanwhile (reading MAX_FILE_BYTES at once
            # would make Python set aside a megabyte for every small file: 50 ms per 1,000 articles).
            wanted = min(info.st_size, MAX_FILE_BYTES) + 1
            data = stream.read(wanted)
            if len(data) == wanted:
                data += stream.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        problems.error(where, None, f"cannot read the file ({exc.strerror or exc})", "check that it exists and is readable (chmod u+r)")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.error(where, None, too_large(max(info.st_size, len(data)), MAX_FILE_BYTES), "split it into several articles" if where.endswith(".md") else "make it smaller")
        return None
    if on_bytes is not None:
        on_bytes(data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(where, line, "the file is not UTF-8 text", "save it with UTF-8 encoding in your editor")
        return None
    if "\x00" in text:
        problems.error(where, text[: text.index("\x00")].count("\n") + 1, "the file contains a NUL byte", "save it as plain text")
        return None
    control = CONTROL.search(text)
    if control:
        problems.error(where, text[: control.start()].count("\n") + 1, f"the file contains the control character U+{ord(control.group()):04X}", "remove it (your editor may show it as a box or ^G)")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(path: Path, slug: str, where: str, problems: Problems, on_bytes: Callable[[bytes], Any] | None = None, *, partial: bool = False) -> Article | None:
    """Read and validate one article; report every problem found and return None if any. `on_bytes` sees the file's bytes.

    With `partial`, a file with problems still gives an article, marked incomplete, holding what could be read (its
    text above all, to be checked like any other), so that it is known to exist and all its problems are found at once.
    """
    text = read_text(path, where, problems, on_bytes)
    if text is None:
        return _incomplete(path, slug, where, {}, "", 1, {}) if partial else None
    if not text.strip():
        problems.error(where, 1, "the file is empty", 'run: python build.py new "Title" to start from a template')
        return _incomplete(path, slug, where, {}, "", 1, {}) if partial else None
    try:
        parsed = split(text)
    except FrontMatterError as exc:
        problems.error(where, exc.line, exc.message, exc.fix)
        return _incomplete(path, slug, where, {"draft": exc.draft}, exc.body or "", exc.body_line, {}) if partial else None
    before = len(problems.errors)
    values: dict[str, Any] = {}
    for name, fld in parsed.fields.items():
        if name not in SCHEMA:
            problems.error(where, fld.line, f'unknown front-matter field "{name}"', did_you_mean(name, SCHEMA, "front-matter fields"))
            continue
        if name == "review":
            values["review"] = _review(fld.node, fld.line, problems, where)
            continue
        try:
            values[name] = SCHEMA[name](fld.node)
        except f.FieldError as exc:
            problems.error(where, fld.line, exc.message, exc.fix)
    for name in REQUIRED:
        if name not in parsed.fields:
            problems.error(where, parsed.end_line, f'the front matter has no "{name}"', f"add {name}: … before the closing ---")
    if values.get("updated") and values.get("date") and values["updated"] < values["date"]:
        problems.error(where, parsed.fields["updated"].line, '"updated" is before "date"', "an update cannot come before the first publication")
    if not parsed.body.strip():
        problems.error(where, parsed.end_line, "the article has no text after the front matter", "write the article below the closing ---")
    field_lines = {name: fld.line for name, fld in parsed.fields.items()}
    values["search_phrases"] = values.pop("search_terms", ())  # Article.search_terms is the packed index
    if len(problems.errors) > before:
        return _incomplete(path, slug, where, values, parsed.body, parsed.body_line, field_lines) if partial else None
    return Article(
        slug=slug,
        path=path,
        display=where,
        text_fingerprint=fingerprint(values.get("title", ""), values.get("summary", ""), values.get("content_note", ""), parsed.body),
        body=parsed.body,
        body_line=parsed.body_line,
        field_lines=field_lines,
        **values,
    )


def _incomplete(path: Path, slug: str, where: str, values: dict[str, Any], body: str, body_line: int, field_lines: dict[str, int]) -> Article:
    """An article whose front matter has errors: the fields that could be read, stand-ins for the rest, and its text."""
    known = {"title": slug, "summary": "", "section": "", "date": dt.date(1970, 1, 1)} | values
    return Article(slug=slug, path=path, display=where, body=body, body_line=body_line, field_lines=field_lines, complete=False, **known)
