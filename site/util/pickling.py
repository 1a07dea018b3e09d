"""Pickle a dataclass as its class and field values: several times faster than the default for slotted dataclasses."""
from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def by_fields(cls: type[T]) -> type[T]:
    """Make instances of the dataclass `cls` pickle as `cls(*field values)`.

    Rendering workers send every article back to the parent process; the default pickling of a slotted dataclass
    builds a dict of its fields and sets them one by one, which cost more than half of what sending an article
    costs. Every field must be an __init__ argument, so that calling the class rebuilds the same value.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(not f.init for f in fields):
        raise TypeError(f"{cls.__name__}: every field must be an __init__ argument to pickle by fields")
    values = attrgetter(*(f.name for f in fields))
    if len(fields) == 1:
        single = values
        values = lambda item: (single(item),)  # noqa: E731 - attrgetter of one name returns the value itself

    def __reduce__(self: Any) -> tuple[type[T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls
