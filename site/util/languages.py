"""Language codes, names and writing direction, from Babel (imported only when a site has a language other than English)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from thaw.util.translation import SOURCE_LANGUAGE

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # "en", "es", "pt-BR": lower-case language, then subtags
LOCALES = Path(__file__).resolve().parents[1] / "locales"  # the interface's translations: <code>/LC_MESSAGES/messages.po


def is_language_code(code: str) -> bool:
    """Is `code` a language code Babel knows ("es", "es-MX"; a region Babel lacks counts by its language)?"""
    if not LANGUAGE.match(code):
        return False
    from babel import localedata

    return localedata.exists(code.replace("-", "_")) or localedata.exists(code.split("-")[0])


def catalog_path(code: str) -> Path | None:
    """The file of a language's interface translations (a regional code such as es-MX falls back to es's), if any."""
    for name in dict.fromkeys((code.replace("-", "_"), code.split("-")[0])):
        path = LOCALES / name / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            return path
    return None


def has_catalog(code: str) -> bool:
    """Is Thaw's interface in this language? English is the language it is written in; others need a catalog."""
    return code.split("-")[0] == SOURCE_LANGUAGE or catalog_path(code) is not None


@lru_cache(maxsize=64)
def language_name(code: str, in_language: str = SOURCE_LANGUAGE) -> str:
    """"es" -> "Spanish" (or "español" in Spanish): Babel's name of a language."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(in_language.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code


@lru_cache(maxsize=32)
def native_name(code: str) -> str:
    """A language's name in itself, as a switcher shows it: "English", "Español"."""
    name = language_name(code, code)
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=32)
def text_direction(code: str) -> str:
    """"ltr" or "rtl": which way a language is written (English, the source, without importing Babel)."""
    if code.split("-")[0] == SOURCE_LANGUAGE:
        return "ltr"
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"


def code_for(written: str) -> str:
    """The fix for an unknown language code: the code of the language it names ("espanol", "Spanish" -> "es")."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    from thaw.util.suggest import did_you_mean
    from thaw.util.text import fold_accents

    codes = sorted(k for k in locale_identifiers() if "_" not in k)
    wanted = fold_accents(written).lower()
    for code in codes:
        locale = Locale.parse(code)
        if wanted in (fold_accents(locale.english_name or "").lower(), fold_accents(locale.get_display_name() or "").lower()):
            return f'did you mean "{code}"? (write the code, not the name)'
    return did_you_mean(written, codes, "language codes")
