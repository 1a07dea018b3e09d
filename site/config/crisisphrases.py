"""The crisis-language list (config/data/crisis_phrases.toml) and the one rule for matching it, which search.js repeats."""
from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from thaw.errors import Problem, ProblemsFound
from thaw.util.suggest import did_you_mean

DATA_FILE = Path(__file__).parent / "data" / "crisis_phrases.toml"
WHERE = "site/config/data/crisis_phrases.toml"
# Apostrophes and the characters typed for them (curly, modifier letter, full-width, backtick, acute): all deleted.
APOSTROPHES = str.maketrans("", "", "'\u2018\u2019\u201b\u02bc\uff07`\u00b4")
SHORTEST_WORD = 3  # a one-word entry: "kms" is fine, "sh" and "od" mean too many other things
SHORTEST_PREFIX = 4  # the word before a *: "suicid*" is fine, "end*" is not


def normalise(text: str) -> str:
    """Lower-case; apostrophes deleted; every other character that is not a letter or digit a space; spaces collapsed."""
    folded = unicodedata.normalize("NFC", text).lower().translate(APOSTROPHES)
    return " ".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


def mentions_crisis(text: str, phrases: Iterable[str]) -> bool:
    """Whether the words of some phrase (as load_phrases gives them) are whole consecutive words of `text`;
    a phrase ending in * matches any word that starts with its last word."""
    words = normalise(text).split()
    for phrase in phrases:
        prefix = phrase.endswith("*")
        wanted = phrase.removesuffix("*").split()
        last = len(wanted) - 1
        for start in range(len(words) - last):
            if words[start:start + last] == wanted[:last]:
                word = words[start + last]
                if word.startswith(wanted[last]) if prefix else word == wanted[last]:
                    return True
    return False


@lru_cache(maxsize=1)
def load_phrases() -> tuple[str, ...]:
    """The shipped list, normalised (validated by the tests, so it never fails at build time)."""
    return read_phrases(DATA_FILE.read_text(encoding="utf-8"), WHERE)


def read_phrases(text: str, where: str) -> tuple[str, ...]:
    """Every entry of a phrase file, normalised; raises ProblemsFound, with lines, for anything wrong in it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProblemsFound([Problem(where, None, f"not valid TOML: {exc}")]) from None
    lines = text.split("\n")
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for group, table in data.items():
        group_line = _line_of(lines, f"[{group}]") or _line_of(lines, f"{group} =")
        if not isinstance(table, dict):
            problems.append(Problem(where, group_line, f"{group} must be in a group", f'write [group] above {group} = […]'))
            continue
        for key in table:
            if key != "phrases":
                problems.append(Problem(where, _line_of(lines, key, group_line), f'unknown key "{key}" in [{group}]', did_you_mean(key, ["phrases"], "keys")))
        entries: Any = table.get("phrases", [])
        if not isinstance(entries, list):
            problems.append(Problem(where, _line_of(lines, "phrases", group_line), f"phrases in [{group}] must be a list", 'write phrases = ["…", "…"]'))
            continue
        for entry in entries:
            line = _line_of(lines, f'"{entry}"', group_line) if isinstance(entry, str) else _line_of(lines, str(entry), group_line)
            phrase, problem = _phrase(entry)
            if problem:
                problems.append(Problem(where, line, *problem))
            elif phrase in seen:
                problems.append(Problem(where, line, f'"{entry}" is listed twice', f'"{seen[phrase]}" is the same after normalising'))
            else:
                seen[phrase] = entry
    if not seen and not problems:
        problems.append(Problem(where, None, "the file lists no phrases", 'add [group] and phrases = ["…"]'))
    if problems:
        raise ProblemsFound(problems)
    return tuple(seen)


def _phrase(entry: object) -> tuple[str, tuple[str, str] | None]:
    """One entry, normalised, or what is wrong with it (a message and a fix)."""
    if not isinstance(entry, str):
        return "", ("a phrase must be text", 'put it in quotes: "…"')
    prefix = entry.endswith("*")
    body = entry.removesuffix("*")
    if "*" in body:
        return "", (f'"{entry}" has a * inside it', 'only a trailing * is allowed, for the start of a word: "suicid*"')
    if prefix and body[-1:].isspace():
        return "", (f'"{entry}" has a space before its *', 'write the * right after the word: "suicid*"')
    words = normalise(body).split()
    if not words:
        return "", (f'"{entry}" has no letters or digits', "remove it")
    if prefix and len(words[-1]) < SHORTEST_PREFIX:
        return "", (f'the prefix "{entry}" is too short', f"a * needs at least {SHORTEST_PREFIX} letters before it: it would match too many words")
    if len(words) == 1 and len(words[0]) < SHORTEST_WORD:
        return "", (f'"{entry}" is too short', f"a one-word phrase needs at least {SHORTEST_WORD} letters: it would show crisis help for other searches")
    return " ".join(words) + ("*" if prefix else ""), None


def _line_of(lines: list[str], needle: str, after: int | None = None) -> int | None:
    """The first line (from `after`) that holds `needle`."""
    start = after or 1
    for number in range(start, len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    return after
