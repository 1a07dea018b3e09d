"""Typed readers for front-matter and data-file values; each raises FieldError with a fix."""
from __future__ import annotations

import datetime as dt
import re

import yaml

from thaw.content.frontmatter import construct
from thaw.util.text import BIDI_CONTROLS, SLUG_RE, UNWRITABLE, FieldError, ascii_slug, check_characters, slugify  # noqa: F401  (fields' readers raise and use them)

def is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def text(node: yaml.Node, name: str, max_length: int | None = None) -> str:
    """Plain text; numbers and booleans written bare are taken as the text they show."""
    if not isinstance(node, yaml.ScalarNode) or is_empty(node):
        raise FieldError(f'"{name}" must be text', f'write it as {name}: "…"')
    value = check_characters(node.value, name).strip()
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
        from thaw.util.suggest import did_you_mean

        raise FieldError(f'"{name}" is "{value}"', did_you_mean(value, choices, f"{name} values"))
    return value


MAX_DIGITS = 9  # order and year are small numbers; a longer one is a typo (and Python refuses past 4,300 digits)


def value_of(node: yaml.Node, name: str) -> object:
    """The node's value by the safe loader's rules; a tag it refuses (!!python/…) or a runaway number is a FieldError."""
    if isinstance(node, yaml.ScalarNode) and len(node.value) > 100:
        raise FieldError(f'"{name}" is {len(node.value):,} characters long', f"write a short value, e.g. {name}: 3")
    try:
        return construct(node)
    except (yaml.YAMLError, ValueError, RecursionError):
        plain = node.tag.startswith("tag:yaml.org,2002:") and node.tag.count(":") == 2 and "/" not in node.tag
        tag = "" if plain else f" (tagged {node.tag.replace('tag:yaml.org,2002:', '!!')})"
        raise FieldError(f'"{name}" cannot be read{tag}', f"write a plain value without a !! tag, e.g. {name}: 3") from None


def integer(node: yaml.Node, name: str) -> int:
    value = value_of(node, name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f'"{name}" must be a whole number, not {describe(node)}', f"write it as {name}: 3")
    if abs(value) >= 10**MAX_DIGITS:
        raise FieldError(f'"{name}" is {len(str(abs(value)))} digits long (at most {MAX_DIGITS})', f"write a smaller number, e.g. {name}: 3")
    return value


def boolean(node: yaml.Node, name: str) -> bool:
    value = value_of(node, name)
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


def _items(node: yaml.Node, name: str, what: str, fix: str) -> list[yaml.ScalarNode]:
    """The scalar items of a list field (a single value is a list of one; an empty field, none)."""
    if is_empty(node):
        return []
    items = [node] if isinstance(node, yaml.ScalarNode) else node.value if isinstance(node, yaml.SequenceNode) else None
    if items is None:
        raise FieldError(f'"{name}" must be a list', fix)
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or is_empty(item):
            raise FieldError(f'"{name}" must be a list of {what}', fix, item.start_mark.line)
    return items


def slug_list(node: yaml.Node, name: str) -> tuple[str, ...]:
    """A list of lower-case hyphenated keys; a single key is accepted as a list of one."""
    values: list[str] = []
    for item in _items(node, name, "words", f"write it as {name}: [first, second]"):
        value = item.value.strip()
        if not SLUG_RE.match(value):
            raise FieldError(
                f'"{value}" in "{name}" is not a lower-case key',
                f'use lower-case letters, digits and hyphens, e.g. "{slugify(value) or "my-key"}"',
            )
        if value not in values:
            values.append(value)
    return tuple(values)


PHRASE_MARKUP = re.compile(r"[<>\[\]{}*_`#|\\]")


def phrase_list(node: yaml.Node, name: str, max_length: int = 60) -> tuple[str, ...]:
    """A list of short plain phrases (words a reader might type), each at most `max_length` characters, no markup."""
    values: list[str] = []
    for item in _items(node, name, "phrases", f'write it as {name}: ["first phrase", "second phrase"]'):
        value = " ".join(item.value.split())
        if PHRASE_MARKUP.search(value):
            raise FieldError(f'"{value[:40]}" in "{name}" is not plain words', "write the words a reader might type, without markup")
        if len(value) > max_length:
            raise FieldError(f'a phrase in "{name}" is longer than {max_length} characters', "split it into shorter phrases")
        if value not in values:
            values.append(value)
    return tuple(values)


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f'"{node.value[:40]}"'
    return "a list" if isinstance(node, yaml.SequenceNode) else "a group of fields"
