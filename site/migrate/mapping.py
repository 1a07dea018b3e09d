"""Map another generator's front matter to Thaw's fields, and write them with PyYAML's emitter."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from markdown_it import MarkdownIt

from thaw.util.text import ascii_slug

SUMMARY_LIMIT = 160  # what EDITING.md asks a summary to aim for (the hard limit is 300)
TITLE_LIMIT = 120
DATE_PREFIX = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
CUSTOM_ID = re.compile(r"\s*\{#[^}]*\}\s*$")
SENTENCE = re.compile(r"^(.+?[.!?…])(?=\s|$)", re.S)
TEMPLATE_MARKUP = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}")
WIKILINK_TEXT = re.compile(r"!?\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]")
BLOCK_MARKERS = ("!!!", "???", ":::", "///", "--8<--")  # MkDocs admonitions, mkdocstrings, snippets: never a summary
SUMMARY_KEYS = ("description", "summary", "excerpt")
UPDATED_KEYS = ("lastmod", "updated", "last_modified_at", "modified", "last_modified")
ORDER_KEYS = ("weight", "nav_order", "order")
FIELDS = ("title", "summary", "section", "order", "tags", "date", "updated", "review", "draft")
FRONT_LINES = len(FIELDS) + 2  # the fields and the two --- lines: a body's line n is the file's line FRONT_LINES + n


def line_of(name: str) -> int:
    """The line of a field in a written file (every field is written, one line each, in FIELDS order)."""
    return FIELDS.index(name) + 2


@lru_cache(maxsize=1)
def reader() -> MarkdownIt:
    """CommonMark with raw HTML recognised, to find headings, paragraphs, code and HTML as Markdown sees them."""
    return MarkdownIt("commonmark", {"html": True})


@dataclass
class Note:
    """Something about one field an editor should look at: its line in the written file, what and how."""

    line: int
    message: str
    fix: str


@dataclass
class Mapped:
    """Thaw's front-matter values for one page, what to look at, and whether its first line (a title heading) goes."""

    values: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    drop_first_heading: int | None = None  # the 0-based body line of a `# Title` heading that became the title


def text_value(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None and not isinstance(value, (dict, list)) else ""


def to_date(value: Any) -> dt.date | None:
    """A date from TOML's dates and times, or text starting year-month-day (YAML is read with dates as text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = DATE_PREFIX.match(str(value)) if isinstance(value, str) else None
    if found:
        try:
            return dt.date.fromisoformat(found.group(1))
        except ValueError:
            return None
    return None


def tags_of(value: Any) -> list[str]:
    """Tags as Thaw keys: a list or a text of words; Obsidian's `#tag` and `nested/tag` become `tag` and `nested-tag`."""
    items = value if isinstance(value, list) else re.split(r"[,\s]+", value) if isinstance(value, str) else []
    tags: list[str] = []
    for item in items:
        tag = ascii_slug(str(item).strip().lstrip("#").replace("/", "-")) if isinstance(item, (str, int)) else ""
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def first_heading(body: str) -> tuple[str, int | None]:
    """The text of the first `# heading` (outside code), and its line when nothing but blank lines comes before it."""
    tokens = reader().parse(body)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            text = CUSTOM_ID.sub("", tokens[index + 1].content).strip()
            line = token.map[0] if token.map else 0
            first = line if not "".join(body.split("\n")[:line]).strip() else None
            return text, first
    return "", None


def first_sentence(body: str) -> str:
    """The first sentence of the first paragraph with words in it, as plain text."""
    for index, token in enumerate(tokens := reader().parse(body)):
        if token.type != "paragraph_open":
            continue
        parts: list[str] = []
        for child in tokens[index + 1].children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        plain = WIKILINK_TEXT.sub(lambda m: m.group(2) or m.group(1), TEMPLATE_MARKUP.sub("", "".join(parts)))
        plain = " ".join(plain.split())
        if plain and not plain.startswith(BLOCK_MARKERS):
            found = SENTENCE.match(plain)
            return found.group(1) if found else plain
    return ""


def cut(text: str, limit: int) -> str:
    """`text`, or its first words up to `limit` characters ending in "…"."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def title_from_name(stem: str) -> str:
    words = " ".join(stem.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:] if words.islower() else words


def map_fields(meta: dict[str, Any], body: str, stem: str, section: str, name_date: dt.date | None, today: dt.date, order: int | None = None) -> Mapped:
    """Thaw's fields for one page. Imported pages are drafts with an empty review: an editor and a clinician come first."""
    notes: list[Note] = []
    drop: int | None = None
    title = text_value(meta.get("title"))
    if not title:
        title, drop = first_heading(body)
    if not title:
        title = title_from_name(stem)
    if len(title) > TITLE_LIMIT:
        title = cut(title, TITLE_LIMIT)
        notes.append(Note(line_of("title"), f"the title was cut to {TITLE_LIMIT} characters", "write a shorter title"))
    summary = next((text_value(meta[key]) for key in SUMMARY_KEYS if text_value(meta.get(key))), "")
    if summary:
        if len(summary) > SUMMARY_LIMIT:
            summary = cut(summary, SUMMARY_LIMIT)
            notes.append(Note(line_of("summary"), f"the summary was cut to {SUMMARY_LIMIT} characters", "check that it still reads well, or write a shorter one"))
    else:
        sentence = first_sentence(body)
        summary = cut(sentence, SUMMARY_LIMIT) or title
        taken = "the first sentence of the text" if sentence else "the title"
        notes.append(Note(line_of("summary"), f"the page had no summary: it is {taken} for now", "write one or two plain sentences for lists, search results and previews"))
    date = to_date(meta.get("date")) or name_date or today
    updated = next((d for key in UPDATED_KEYS if (d := to_date(meta.get(key)))), None)
    if updated and updated < date:
        notes.append(Note(line_of("updated"), f"the page's last change ({updated.isoformat()}) is before its date; updated is left empty", "set updated: to the date of its last real change, if any"))
        updated = None
    if order is None:
        order = next((value for key in ORDER_KEYS if isinstance(value := meta.get(key), int) and not isinstance(value, bool)), 100)
    values = {
        "title": title,
        "summary": summary,
        "section": section,
        "order": order,
        "tags": tags_of(meta.get("tags")),
        "date": date,
        "updated": updated if updated != date else None,
        "review": None,
        "draft": True,
    }
    return Mapped(values, notes, drop)


class FrontMatterDumper(yaml.SafeDumper):
    """PyYAML's safe emitter, writing an empty value as nothing (`review:`) the way Thaw's templates do."""


FrontMatterDumper.add_representer(type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", ""))


def front_matter(values: dict[str, Any]) -> str:
    """The `---` fenced YAML for `values`, one field a line, written by the emitter (quoting is its job, not ours)."""
    text = yaml.dump({name: values[name] for name in FIELDS}, Dumper=FrontMatterDumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100_000)
    return f"---\n{text}---\n"
