"""Interface strings through gettext (Jinja's i18n extension): English is the source language, so it needs no catalog."""
from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup, escape

from thaw.util.translation import SOURCE_LANGUAGE, _translations, gettext, ngettext

__all__ = ["SOURCE_LANGUAGE", "_translations", "as_attribute", "gettext", "install", "ngettext"]


def install(env: Environment) -> None:
    """Give templates `_()`, `gettext()`, `ngettext()` and `{% trans %}`.

    New-style gettext: a message is a format string (`_("Call %(number)s", number=n)`, a literal percent sign written
    `%%`), its values are escaped, and the message itself is markup, like the template it stands in. In an attribute,
    write `_("…") | as_attribute`, so a translation with a quotation mark cannot end the attribute."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["as_attribute"] = as_attribute


def as_attribute(value: object) -> Markup:
    """A message as an attribute's value: its text escaped once (its values were escaped when put in; a quotation
    mark in the translation is escaped too)."""
    return escape(value.unescape() if isinstance(value, Markup) else str(value))
