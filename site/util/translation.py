"""The language of the page being made: gettext through a context variable, and text translated when it is shown."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from gettext import NullTranslations
from typing import Any

from markupsafe import Markup, escape

SOURCE_LANGUAGE = "en"  # the language the messages are written in: it needs no catalog
_translations: ContextVar[NullTranslations] = ContextVar("thaw_translations", default=NullTranslations())
_language: ContextVar[str] = ContextVar("thaw_language", default=SOURCE_LANGUAGE)


def gettext(message: str) -> str:
    """`message` in the language of the page being made."""
    return _translations.get().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for `count`, in the language of the page being made."""
    return _translations.get().ngettext(singular, plural, count)


def use(translations: NullTranslations, language: str = SOURCE_LANGUAGE) -> None:
    """Make pages in `language`, with its `translations`, from now on (in this thread or process)."""
    _translations.set(translations)
    _language.set(language)


@contextmanager
def speaking(translations: NullTranslations, language: str) -> Iterator[None]:
    """Make text in `language` inside the block only (outside a request: a search index's section titles)."""
    words, tongue = _translations.set(translations), _language.set(language)
    try:
        yield
    finally:
        _translations.reset(words)
        _language.reset(tongue)


def number(value: float) -> str:
    """A number as the page's language writes it (Babel): 5.5 in English, 5,5 in Spanish."""
    language = _language.get()
    if language == SOURCE_LANGUAGE:
        return f"{value:g}"  # what Babel writes in English, without importing it for an English site
    from babel.numbers import format_decimal

    return format_decimal(value, locale=language.replace("-", "_"))


class LazyText:
    """Text written once at import time (an exercise's steps, a default section title) and translated each time it is
    used, so one definition serves every language. `str()` gives the translation; so does a template."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __html__(self) -> Markup:
        return escape(str(self))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __getattr__(self, name: str) -> Any:  # .lower(), .capitalize(), …: those of the translation
        return getattr(str(self), name)

    def __add__(self, other: object) -> str:
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)

    def __len__(self) -> int:
        return len(str(self))

    def __bool__(self) -> bool:
        return bool(self.message)

    def __eq__(self, other: object) -> bool:
        return self.message == other.message if isinstance(other, LazyText) else str(self) == other

    def __lt__(self, other: object) -> bool:
        return str(self) < str(other)

    def __hash__(self) -> int:
        return hash(self.message)

    def __repr__(self) -> str:
        return f"LazyText({self.message!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyText, (self.message,))


def lazy(message: str) -> LazyText:
    """Mark `message` for translation where it is defined; it is translated where it is used (extracted as `_l`)."""
    return LazyText(message)
