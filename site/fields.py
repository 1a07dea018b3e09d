"""Typed readers for front-matter and data-file values; each raises FieldError with a fix."""
from __future__ import annotations

import datetime as dt
import re

import yaml

from .frontmatter import construct

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class FieldError(Exception):
    """A value has the wrong type or form."""

    def __init__(self, message: str, fix: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.fix, self.line = message, fix, line


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens: "The Freeze Response!" -> "the-freeze-response"."""
    text = re.sub(r"[^\w\s-]", "", text.lower(), flags=re.UNICODE)
    text = re.sub(r"[\s_-]+", "-", text).strip("-")
    return text


def ascii_slug(text: str) -> str:
    """slugify, with accents dropped and anything outside a-z, 0-9 removed: "Café Notes" -> "cafe-notes"."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", slugify(folded))


def is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def text(node: yaml.Node, name: str, max_length: int | None = None) -> str:
    """Plain text; numbers and booleans written bare are taken as the text they show."""
    if not isinstance(node, yaml.ScalarNode) or is_empty(node):
        raise FieldError(f'"{name}" must be text', f'write it as {name}: "…"')
    value = node.value.strip()
    if not value:
        raise FieldError(f'"{name}" is empty', f"write a {name}")
    if max_length and len(value) > max_length:
        raise FieldError(f'"{name}" is {len(value)} characters long (at most {max_length})', "shorten it")
    return value


def optional_text(node: yaml.Node, name: str, max_length: int | None = None) -> str:
    if is_empty(node) or (isinstance(node, yaml.ScalarNode) and not node.value.strip()):
        return ""
    return text(node, name, max_length)


def choice(node: yaml.Node, name: str, choices: tuple[str, ...]) -> str:
    value = text(node, name)
    if value not in choices:
        from .suggest import did_you_mean

        raise FieldError(f'"{name}" is "{value}"', did_you_mean(value, choices, f"{name} values"))
    return value


def integer(node: yaml.Node, name: str) -> int:
    value = construct(node)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f'"{name}" must be a whole number, not {describe(node)}', f"write it as {name}: 3")
    return value


def boolean(node: yaml.Node, name: str) -> bool:
    value = construct(node)
    if not isinstance(value, bool):
        raise FieldError(f'"{name}" must be true or false, not {describe(node)}', f"write {name}: true or {name}: false")
    return value


def date(node: yaml.Node, name: str) -> dt.date:
    if not isinstance(node, yaml.ScalarNode) or is_empty(node):
        raise FieldError(f'"{name}" must be a date', f"write it as {name}: 2026-01-31 (year-month-day)")
    raw = node.value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise FieldError(f'"{name}" is "{raw}", which is not a date in year-month-day form', f"write it as {name}: 2026-01-31")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FieldError(f'"{name}" is {raw}, which is not a real date', "check the month and the day") from None


def optional_date(node: yaml.Node, name: str) -> dt.date | None:
    if is_empty(node) or (isinstance(node, yaml.ScalarNode) and not node.value.strip()):
        return None
    return date(node, name)


def slug_list(node: yaml.Node, name: str) -> tuple[str, ...]:
    """A list of lower-case hyphenated keys; a single key is accepted as a list of one."""
    if is_empty(node):
        return ()
    items = [node] if isinstance(node, yaml.ScalarNode) else node.value if isinstance(node, yaml.SequenceNode) else None
    if items is None:
        raise FieldError(f'"{name}" must be a list', f"write it as {name}: [first, second]")
    values: list[str] = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or is_empty(item):
            raise FieldError(f'"{name}" must be a list of words', f"write it as {name}: [first, second]", item.start_mark.line)
        value = item.value.strip()
        if not SLUG_RE.match(value):
            raise FieldError(
                f'"{value}" in "{name}" is not a lower-case key',
                f'use lower-case letters, digits and hyphens, e.g. "{slugify(value) or "my-key"}"',
            )
        if value not in values:
            values.append(value)
    return tuple(values)


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f'"{node.value}"'
    return "a list" if isinstance(node, yaml.SequenceNode) else "a group of fields"
