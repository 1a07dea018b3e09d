"""A page rendered once with named slots, then filled per page: for families of pages that differ in a few places."""
from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup

_MARK = "\x00slot:{}\x00"  # NUL never reaches a rendered page otherwise, and escaping leaves it alone
_SLOTS = re.compile("\x00slot:([a-z-]+)\x00")


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
