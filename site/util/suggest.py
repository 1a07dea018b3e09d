"""Close-match suggestions for misspelt keys and names ("did you mean …?")."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

LIST_AT_MOST = 8


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, when one is close enough to be what was meant."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], what: str = "choices") -> str:
    """'did you mean "x"?' for the closest choice, else the valid choices (or a hint when there are many)."""
    options = sorted(choices)
    close = close_match(word, options)
    if close:
        return f'did you mean "{close}"?'
    if not options:
        return f"there are no {what}"
    if len(options) > LIST_AT_MOST:
        return f"check the spelling; there are {len(options)} {what}"
    return f"the {what} are: " + ", ".join(options)
