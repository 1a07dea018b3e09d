"""Text rules shared by the config and the content: slugs, and characters that cannot be published."""
from __future__ import annotations

import re

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
    """slugify, after spelling every letter in ASCII (anyascii): "Café Notes" -> "cafe-notes", "Тревога" -> "trevoga"."""
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9-]", "", slugify(anyascii(text))).strip("-")


# Control characters (a YAML escape such as "\\x07" makes them) break feed.xml and show as boxes; lone surrogates
# ("\\ud800") cannot be written as UTF-8 at all; U+FFFE/U+FFFF are not characters.
UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Bidi overrides and isolates reorder the text around them: a title could read differently on screen from what it
# says (the "Trojan Source" trick), and the effect leaks into the page around it. Refused rather than stripped, so
# the writer sees exactly what is published; right-to-left text needs none of them (U+200E/U+200F marks are kept).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def check_characters(value: str, name: str) -> str:
    """Refuse characters that cannot be published in text: control characters, lone surrogates, bidi overrides."""
    found = UNWRITABLE.search(value) or BIDI_CONTROLS.search(value)
    if found:
        code = ord(found.group())
        what = "a bidirectional-override character" if BIDI_CONTROLS.match(found.group()) else "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
        raise FieldError(f'"{name}" contains {what} (U+{code:04X})', "remove it (it usually comes from a \\ escape or a paste)")
    return value


def fold_accents(text: str) -> str:
    """"Español" -> "Espanol": the letters without their accents, for matching what someone typed."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
