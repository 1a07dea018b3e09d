"""A page rendered once with named slots, then filled per page: for families of pages that differ in a few places."""
from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from typing import Any

from flask import current_app, render_template, request
from jinja2 import UndefinedError
from markupsafe import Markup, escape

_MARK = "\x00slot:{}\x00"  # NUL never reaches a rendered page otherwise, and escaping leaves it alone
_SLOTS = re.compile("\x00slot:([a-z_-]+)\x00")

# Slots base.html fills itself in every page: the <title>, the canonical address, and the page in other languages.
DOCUMENT_TITLE, URL, LANGUAGE_LINKS, LANGUAGE_SWITCHER = "document-title", "url", "language-links", "language-switcher"
# Variables base.html trims (through the title and description blocks) before writing them anywhere.
TRIMMED = frozenset({"title", "description"})


def slot(name: str) -> Markup:
    """What to render in place of a value that changes from page to page."""
    return Markup(_MARK.format(name))


class Frame:
    """The text of a page between its slots.

    Filling the slots with a page's own values gives exactly the text that rendering the page in full would
    give, provided each value is what the template would have written there (already escaped).
    """

    def __init__(self, rendered: str, names: frozenset[str]) -> None:
        parts = _SLOTS.split(rendered)
        self.texts, self.slots = parts[0::2], parts[1::2]
        if any("\x00" in text for text in self.texts) or not set(self.slots) <= names:
            raise ValueError("a slot was changed on its way into the page")

    def fill(self, values: Mapping[str, str]) -> str:
        texts, slots = self.texts, self.slots
        out = [texts[0]]
        for number, name in enumerate(slots, 1):
            out += (values[name], texts[number])
        return "".join(out)


def render_framed(template: str, family: Hashable, shared: dict[str, Any], own: dict[str, Any], private: dict[str, Any] | None = None) -> str:
    """What render_template(template, **shared, **own, **private) gives, made from the family's frame.

    A family's pages differ only in the variables `own` and in their title and address; the rest is rendered once per
    site and mount point. The template must only write an own variable where it stands (`{{ main }}`): a filter that
    changes it is caught (the frame is refused and each page rendered whole), but a test such as `{% if main %}`
    would not be, which is why tests compare framed pages with whole ones. `private` holds what the own values were
    made from (an article, an exercise's state): the frame is rendered without it, so that a template using it
    elsewhere fails to frame rather than give every page the first one's.
    """
    site = current_app.extensions["thaw"]
    key = (request.script_root, family)
    if key not in site.frames:
        markers: dict[str, Any] = {name: slot(name) for name in own}
        markers["canonical_url"] = lambda: slot(URL)
        markers["language_links"] = lambda: slot(LANGUAGE_LINKS)
        markers["language_switcher"] = lambda: slot(LANGUAGE_SWITCHER)
        if "title" in own:
            markers["document_title"] = lambda page_title: slot(DOCUMENT_TITLE)
        try:
            rendered = render_template(template, **shared, **markers)
            site.frames[key] = Frame(rendered, frozenset(own) | {DOCUMENT_TITLE, URL, LANGUAGE_LINKS, LANGUAGE_SWITCHER})
        except (UndefinedError, ValueError, TypeError):
            site.frames[key] = None
    frame: Frame | None = site.frames[key]
    values = {name: value if isinstance(value, Markup) else escape(value) for name, value in own.items()}
    if frame is None or any(values[name] != values[name].strip() for name in TRIMMED & values.keys()):
        return render_template(template, **shared, **own, **(private or {}))
    template_globals = current_app.jinja_env.globals
    if "title" in values:
        values[DOCUMENT_TITLE] = template_globals["document_title"](values["title"])  # as base.html makes the <title>
    values[URL] = escape(template_globals["canonical_url"]())
    values[LANGUAGE_LINKS] = template_globals["language_links"]()
    values[LANGUAGE_SWITCHER] = template_globals["language_switcher"]()
    return frame.fill(values)
