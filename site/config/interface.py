"""The interface's translations: site/locales/<code>/LC_MESSAGES/messages.po, read with Babel as a build starts (no
compiled .mo file is kept), and what is wrong with one, as path:line problems."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path

from thaw.util import languages
from thaw.util.languages import catalog_path, language_name
from thaw.errors import Problem
from thaw.util.translation import SOURCE_LANGUAGE

TEMPLATE = languages.LOCALES / "messages.pot"  # every message of the interface (`make messages` extracts them)
_ON_LINE = re.compile(r"\s+on (\d+)$")


@dataclass(frozen=True)
class Interface:
    """One language's interface: the translations pages are made with, and what is missing or wrong in them."""

    translations: NullTranslations
    problems: tuple[Problem, ...]  # errors (the file cannot be read, a placeholder changed) and warnings (untranslated)


def interface(code: str) -> Interface:
    """The interface in language `code`: its translations (English, the source, needs none) and their problems."""
    if code.split("-")[0] == SOURCE_LANGUAGE:
        return Interface(NullTranslations(), ())
    path = catalog_path(code) or languages.LOCALES / code.split("-")[0] / "LC_MESSAGES" / "messages.po"
    try:
        stat = path.stat()
        template = TEMPLATE.stat()
    except OSError:
        return Interface(NullTranslations(), (Problem(_shown(path), None, f"Thaw's interface has no {language_name(code)} translation", "run make messages, then translate the new file"),))
    return _read(code, str(path), stat.st_mtime_ns, stat.st_size, template.st_mtime_ns)


@lru_cache(maxsize=8)
def _read(code: str, path: str, mtime: int, size: int, template_mtime: int) -> Interface:
    """Read and check one catalog (remembered while the file and the template are unchanged)."""
    from babel.messages.catalog import Catalog as Messages  # Babel is imported only by a site of another language
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po
    from babel.support import Translations

    shown = _shown(Path(path))
    name = language_name(code)
    try:
        with open(path, "rb") as stream:
            messages = read_po(stream, locale=code.replace("-", "_"), abort_invalid=True)
    except PoFileError as exc:
        found = _ON_LINE.search(str(exc))
        line = int(found.group(1)) + 1 if found else None
        message = _ON_LINE.sub("", str(exc)).rstrip(".")
        return Interface(NullTranslations(), (Problem(shown, line, f"the translation file cannot be read ({message})", "compare the entry with the ones around it: msgid \"…\" then msgstr \"…\""),))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return Interface(NullTranslations(), (Problem(shown, None, f"the translation file cannot be read ({exc})", "save it as UTF-8 text in the .po format"),))
    problems: list[Problem] = []
    for message, errors in messages.check():
        for error in errors:
            problems.append(Problem(shown, message.lineno, f'the {name} for "{_short(message.id)}" does not keep its placeholders ({error})',
                                    "keep every %(name)s of the English exactly as it is written there"))
    for message in messages:
        if message.id and (message.fuzzy or not _translated(message.string)):
            problems.append(Problem(shown, message.lineno, f'"{_short(message.id)}" has no {name} translation yet' + (" (marked fuzzy)" if message.fuzzy else ""),
                                    "write it in msgstr (and remove the fuzzy flag); until then the English shows", warning=True))
    try:
        with open(TEMPLATE, "rb") as stream:
            wanted = read_po(stream)
        for message in wanted:
            if message.id and message.id not in messages:
                problems.append(Problem(shown, None, f'"{_short(message.id)}" is not in the file yet', "run make messages to add the interface's new messages, then translate them", warning=True))
    except (OSError, PoFileError):
        pass
    errors = [p for p in problems if not p.warning]
    if errors:
        return Interface(NullTranslations(), tuple(problems))
    usable = Messages(locale=messages.locale)
    for message in messages:  # a fuzzy guess is never shown: English until someone writes the translation
        if message.id and not message.fuzzy and _translated(message.string):
            usable[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, usable)
    buffer.seek(0)
    return Interface(Translations(buffer), tuple(problems))


def _translated(string: object) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def _short(text: object) -> str:
    words = str(text[0] if isinstance(text, tuple) else text)
    return words if len(words) <= 60 else words[:57] + "…"


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(languages.LOCALES.parents[1]).as_posix()
    except ValueError:
        return str(path)
