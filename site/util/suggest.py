"""Close-match suggestions for misspelt keys and names ("did you mean …?")."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

LIST_AT_MOST = 8


def did_you_mean(word: str, choices: Iterable[str], what: str = "choices") -> str:
    """'did you mean "x"?' for the closest choice, else the valid choices (or a hint when there are many)."""
    options = sorted(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    if not options:
        return f"there are no {what}"
    if len(options) > LIST_AT_MOST:
        return f"check the spelling; there are {len(options)} {what}"
    return f"the {what} are: " + ", ".join(options)
