"""Shapes for plain data read back from disk (JSON): a value of any other shape is refused, never used.

A shape is described with the functions below and turned by `checker` into one Python function of straight-line
tests (compiled once), several times faster than walking the description for each of a cache's thousands of records.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Check = Callable[[Any], bool]

MAX_TEXT = 2_000_000  # no cached string is longer (an article file is limited to 1 MB)
MAX_ITEMS = 1_000_000  # no cached list or table is longer
MAX_INT = 2**62


@dataclass(frozen=True)
class Shape:
    """One node of a shape: `kind` and what it needs (limits, the shapes of its parts, a custom test)."""

    kind: str
    parts: tuple[Any, ...] = ()


def text(limit: int = MAX_TEXT) -> Shape:
    return Shape("text", (limit,))


def integer(low: int = -MAX_INT, high: int = MAX_INT) -> Shape:
    return Shape("integer", (low, high))


def boolean() -> Shape:
    return Shape("boolean")


def optional(shape: Shape) -> Shape:
    return Shape("optional", (shape,))


def items(shape: Shape, limit: int = MAX_ITEMS) -> Shape:
    """A list of any length up to `limit`, each item of one shape."""
    return Shape("items", (shape, limit))


def row(*shapes: Shape) -> Shape:
    """A list of exactly these items, in this order (JSON's form of a tuple)."""
    return Shape("row", shapes)


def table(key: Shape, value: Shape, limit: int = MAX_ITEMS) -> Shape:
    """An object whose every key and value has the given shapes."""
    return Shape("table", (key, value, limit))


def record(**fields: Shape) -> Shape:
    """An object with exactly these keys, each value of its shape."""
    return Shape("record", tuple(fields.items()))


def custom(test: Check) -> Shape:
    """A value `test` accepts (it must return a bool and raise nothing)."""
    return Shape("custom", (test,))


def checker(shape: Shape) -> Check:
    """One function that tells whether a value has `shape`."""
    names: dict[str, Any] = {}
    counter = iter(range(1_000_000))

    def constant(value: Any) -> str:
        name = f"c{next(counter)}"
        names[name] = value
        return name

    def test(node: Shape, v: str) -> str:
        kind, p = node.kind, node.parts
        if kind == "text":
            return f"(type({v}) is str and len({v}) <= {p[0]})"
        if kind == "integer":
            return f"(type({v}) is int and {p[0]} <= {v} <= {p[1]})"
        if kind == "boolean":
            return f"(type({v}) is bool)"
        if kind == "optional":
            return f"({v} is None or {test(p[0], v)})"
        if kind == "items":
            item = f"i{next(counter)}"
            return f"(type({v}) is list and len({v}) <= {p[1]} and all({test(p[0], item)} for {item} in {v}))"
        if kind == "row":
            return f"(type({v}) is list and len({v}) == {len(p)}" + "".join(f" and {test(s, f'{v}[{i}]')}" for i, s in enumerate(p)) + ")"
        if kind == "table":
            key, value = f"k{next(counter)}", f"w{next(counter)}"
            return f"(type({v}) is dict and len({v}) <= {p[2]} and all({test(p[0], key)} and {test(p[1], value)} for {key}, {value} in {v}.items()))"
        if kind == "record":
            keys = constant(frozenset(name for name, _ in p))
            return f"(type({v}) is dict and {v}.keys() == {keys}" + "".join(f" and {test(s, f'{v}[{name!r}]')}" for name, s in p) + ")"
        if kind == "custom":
            return f"({constant(p[0])}({v}) is True)"
        raise ValueError(f"unknown shape {kind!r}")

    source = f"def check(value):\n    return {test(shape, 'value')}\n"
    exec(compile(source, f"<shape {shape.kind}>", "exec"), names)  # noqa: S102 - code made here from the shape alone, never from data
    return names["check"]  # type: ignore[no-any-return]


def matches(check: Check, value: Any) -> bool:
    """Does `value` pass `check`; a check that fails in an unexpected way (a very deep value) counts as no."""
    try:
        return check(value) is True
    except (TypeError, ValueError, RecursionError, MemoryError):
        return False
