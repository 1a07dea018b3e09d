"""Crisis services by region, in the visitor's language: the data file shipped with Thaw, plus a practice's own local services."""
from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any


from thaw.util.languages import is_language_code
from thaw.config.tomllines import key_lines
from thaw.errors import Problem
from thaw.util.suggest import did_you_mean

DATA_FILE = Path(__file__).parent / "data" / "crisis.toml"
HOW = ("call", "text", "call or text", "chat", "web")
STALE_AFTER = dt.timedelta(days=365)
SOURCE_LANGUAGE = "en"  # a service's own keys are its English text
# What a service's table in one language may say; its number and how it is reached are the same in every language.
SERVICE_WORDS = ("name", "hours", "note", "keyword", "url", "audience", "verified_on", "source")
REGION_WORDS = ("name", "emergency")
# Where Babel's territory names give a region's name in any language.
TERRITORIES = {"us": "US", "ca": "CA", "uk": "GB", "ie": "IE", "au": "AU", "nz": "NZ"}

Words = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (language, ((key, text), ...)), ...


def _words_in(words: Words, language: str) -> dict[str, str]:
    """The text given for a language ("es-MX" falls back to "es"), or none."""
    given = dict(words)
    for code in (language, language.replace("_", "-").split("-")[0]):
        if code in given:
            return dict(given[code])
    return {}


@dataclass(frozen=True)
class Service:
    """One way to reach help now."""

    name: str
    how: str
    number: str = ""
    keyword: str = ""
    url: str = ""
    hours: str = ""
    note: str = ""
    verified_on: str = ""
    source: str = ""
    audience: str = ""  # who the line is for ("Young people"); empty for a line open to everyone
    languages: Words = field(default=(), compare=False, repr=False)  # its words in other languages, each checked on its own date

    def in_language(self, language: str) -> Service:
        """The service with its words in `language` where they are given, else as written (in English)."""
        words = _words_in(self.languages, language)
        return replace(self, **words) if words else self

    @property
    def dial(self) -> str:
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")

    @property
    def tel(self) -> str:
        return f"tel:{self.dial}" if self.dial and "call" in self.how else ""

    @property
    def sms(self) -> str:
        return f"sms:{self.dial}" if self.dial and "text" in self.how else ""


@dataclass(frozen=True)
class Region:
    """The services of one region: lines for everyone first (the first is the one-tap call in every page's crisis
    bar), then lines for particular people, which Get help now groups under who they are for."""

    id: str
    name: str
    emergency: str
    services: tuple[Service, ...]
    languages: Words = field(default=(), compare=False, repr=False)  # its name (and emergency words) in other languages

    @property
    def for_everyone(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if not s.audience)

    @property
    def by_audience(self) -> list[tuple[str, tuple[Service, ...]]]:
        """Lines for particular people, grouped by who they are for, in the order they are listed."""
        groups: dict[str, list[Service]] = {}
        for service in self.services:
            if service.audience:
                groups.setdefault(service.audience, []).append(service)
        return [(audience, tuple(services)) for audience, services in groups.items()]

    @property
    def emergency_tel(self) -> str:
        return "tel:" + self.emergency if self.emergency.isdigit() else ""


SERVICE_KEYS = [f.name for f in fields(Service) if f.name != "languages"]


def _verified(values: dict[str, str], what: str, where: str, line: int | None, lines: Mapping[str, int]) -> list[Problem]:
    """verified_on is required and a date."""
    if not values.get("verified_on"):
        return [Problem(where, line, f"{what} has no verified_on date", "check the number on the service's own page, then add verified_on = \"YYYY-MM-DD\"")]
    try:
        dt.date.fromisoformat(values["verified_on"])
    except ValueError:
        return [Problem(where, lines.get("verified_on", line), f'verified_on "{values["verified_on"]}" is not a date', "write it as 2026-01-31")]
    return []


def read_words(raw: Any, code: str, what: str, allowed: tuple[str, ...], where: str, line: int | None, lines: Mapping[str, int] | None = None) -> tuple[tuple[tuple[str, str], ...], list[Problem]]:
    """Validate one table of words in one language (`what` is whose words they are); `lines` gives each key's line.
    A service's number and how it is reached are the same in every language."""
    lines = lines or {}
    if not isinstance(raw, dict):
        return (), [Problem(where, line, f"the {code} text of {what} must be a table of keys", f"write it as [….{code}] with keys below it")]
    problems = []
    for key in raw:
        if key in allowed:
            continue
        if key in SERVICE_KEYS and allowed == SERVICE_WORDS:
            problems.append(Problem(where, lines.get(key, line), f'"{key}" is the same in every language', "write it once, in the English table above"))
        else:
            problems.append(Problem(where, lines.get(key, line), f'unknown key "{key}" in the {code} text of {what}', did_you_mean(key, allowed, "keys")))
    values = {k: str(v).strip() for k, v in raw.items() if k in allowed}
    if "verified_on" in allowed:
        problems += _verified(values, f"the {code} text of {what}", where, line, lines)
    if values.get("url") and not values["url"].startswith("https://"):
        problems.append(Problem(where, lines.get("url", line), f"the {code} text of {what} needs an https:// url", 'write url = "https://…"'))
    return tuple(values.items()), problems


def _languages(raw: dict[str, Any], known: list[str] | tuple[str, ...], what: str, allowed: tuple[str, ...], where: str, line: int | None, sub_lines: Mapping[str, Mapping[str, int]]) -> tuple[Words, list[Problem]]:
    """The tables of a service or region that hold its words in other languages (keys outside `known` holding a table)."""
    words: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    problems: list[Problem] = []
    for code, value in raw.items():
        if code in known or not isinstance(value, dict):
            continue
        at = sub_lines.get(code, {}).get("", line)
        if not is_language_code(code) or code == SOURCE_LANGUAGE:
            problems.append(Problem(where, at, f'"{code}" is not a language code' if code != SOURCE_LANGUAGE else "the English text is the table itself", 'a table below it holds its words in one other language, named by the code: [….es]'))
            continue
        text, found = read_words(value, code, what, allowed, where, at, sub_lines.get(code, {}))
        problems += found
        words.append((code, text))
    return tuple(words), problems


def read_service(raw: Any, where: str, line: int | None, sub_lines: Mapping[str, Mapping[str, int]] | None = None) -> tuple[Service | None, list[Problem]]:
    """Validate one service table (from the data file or a practice's config), with its tables in other languages;
    `sub_lines` gives the line of each language's table ("") and of its keys."""
    if not isinstance(raw, dict):
        return None, [Problem(where, line, "a crisis service must be a table of keys", 'write name = "…", how = "call", number = "…"')]
    problems = [Problem(where, line, f'unknown crisis service key "{key}"', did_you_mean(key, SERVICE_KEYS, "keys")) for key, value in raw.items() if key not in SERVICE_KEYS and not isinstance(value, dict)]
    values = {k: str(v).strip() for k, v in raw.items() if k in SERVICE_KEYS}
    if not values.get("name"):
        problems.append(Problem(where, line, "a crisis service has no name", 'add name = "…"'))
    how = values.get("how", "")
    if how not in HOW:
        problems.append(Problem(where, line, f'"how" is "{how}"', "use one of: " + ", ".join(HOW)))
    if how in ("call", "text", "call or text") and not any(ch.isdigit() for ch in values.get("number", "")):
        problems.append(Problem(where, line, f'the service "{values.get("name", "")}" has no number to {how}', 'add number = "…"'))
    if how in ("chat", "web") and not values.get("url", "").startswith("https://"):
        problems.append(Problem(where, line, f'the service "{values.get("name", "")}" needs an https:// url', 'add url = "https://…"'))
    problems += _verified(values, f'the service "{values.get("name", "")}"', where, line, {})
    languages, found = _languages(raw, SERVICE_KEYS, f'"{values.get("name", "")}"', SERVICE_WORDS, where, line, sub_lines or {})
    problems += found
    return (None if problems else Service(**values, languages=languages)), problems


def language_lines(text: str) -> dict[tuple[str, int], dict[str, dict[str, int]]]:
    """For each element of an array of tables (its name and index), the line of each table below it ("es") and of its
    keys: {("us.services", 0): {"es": {"": 12, "name": 13}}}. (key_lines keeps one line per table name, not per element.)"""
    found: dict[tuple[str, int], dict[str, dict[str, int]]] = {}
    array, counts, table = "", {}, None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line.startswith("[["):
            array, table = line.strip("[] "), None
            counts[array] = counts.get(array, -1) + 1
        elif line.startswith("["):
            name = line.split("]")[0].strip("[ ")
            table = None
            if array and name.startswith(array + ".") and "." not in name[len(array) + 1 :]:
                table = found.setdefault((array, counts[array]), {}).setdefault(name[len(array) + 1 :], {})
                table[""] = number
        elif table is not None and "=" in line and not line.startswith("#"):
            table.setdefault(line.split("=", 1)[0].strip().strip('"'), number)
    return found


def read_regions(text: str, where: str) -> tuple[dict[str, Region], list[Problem]]:
    """Every region of a crisis-services file, with the problems found in it."""
    data, lines, sub_lines = tomllib.loads(text), key_lines(text), language_lines(text)
    result: dict[str, Region] = {}
    problems: list[Problem] = []
    for region_id, entry in data.items():
        services = []
        for index, raw in enumerate(entry.get("services", [])):
            array = f"{region_id}.services"
            service, found = read_service(raw, where, lines.get((array, index)), sub_lines.get((array, index), {}))
            problems.extend(found)
            if service:
                services.append(service)
        region_lines = {code: {"": lines.get((f"{region_id}.{code}",)), **{key[1]: n for key, n in lines.items() if len(key) == 2 and key[0] == f"{region_id}.{code}"}} for code in entry}
        words, found = _languages(entry, ["name", "emergency", "services"], f'the region "{region_id}"', REGION_WORDS, where, lines.get((region_id,)), region_lines)
        problems.extend(found)
        result[region_id] = Region(region_id, entry["name"], entry["emergency"], _everyone_first(services), words)
    return result, problems


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    """Every region of the shipped data file (validated by the tests, so it never fails at build time)."""
    result, problems = read_regions(DATA_FILE.read_text(encoding="utf-8"), "site/config/data/crisis.toml")
    if problems:
        raise ValueError("\n".join(str(p) for p in problems))
    return result


def region(region_id: str, local: tuple[Service, ...] = (), language: str = SOURCE_LANGUAGE) -> Region:
    """The practice's region, with its own local services listed after the national ones, in the visitor's language:
    each service's words in that language where they are given (and checked), else as written; the region's name from
    the data file, else Babel's name for its territory."""
    found = regions().get(region_id) or regions()["international"]
    if language == SOURCE_LANGUAGE:
        return Region(found.id, found.name, found.emergency, _everyone_first(found.services + local), found.languages) if local else found
    words = _words_in(found.languages, language)
    name = words.get("name") or _territory_name(found.id, language) or found.name
    services = tuple(s.in_language(language) for s in found.services + local)
    return Region(found.id, name, words.get("emergency") or found.emergency, _everyone_first(services), found.languages)


def _territory_name(region_id: str, language: str) -> str:
    """Babel's (CLDR's) name for the region's territory in a language, or "" when it has none."""
    from babel import Locale, UnknownLocaleError  # imported for another language only: an English site never needs Babel

    try:
        return Locale.parse(language.replace("-", "_")).territories.get(TERRITORIES.get(region_id, ""), "")
    except (ValueError, UnknownLocaleError):
        return ""


def _everyone_first(services: list[Service] | tuple[Service, ...]) -> tuple[Service, ...]:
    """Lines for everyone before lines for particular people, each kept in the order written."""
    return tuple(sorted(services, key=lambda s: bool(s.audience)))


def stale(services: tuple[Service, ...], today: dt.date, where: str) -> list[Problem]:
    """Warnings for services whose number was last checked more than a year ago."""
    return [
        Problem(where, None, f'"{s.name}" was last verified on {s.verified_on}', "check the number on the service's own page and update verified_on", warning=True)
        for s in services
        if s.verified_on and today - dt.date.fromisoformat(s.verified_on) > STALE_AFTER
    ]
