"""Opaque path segments for exercise states, so that an address never spells out a visitor's answer."""
from __future__ import annotations

import hashlib

# Consonants only: a token can never spell a word such as "yes", "no" or "urgent", and holds no digit (a rating).
ALPHABET = "bcdfghjkmnpqrstvwxz"
LENGTH = 8


def state_token(slug: str, state: str) -> str:
    """The path segment of one state of one exercise: the same on every build, meaningless to a reader."""
    number = int.from_bytes(hashlib.sha256(f"thaw-exercise\0{slug}\0{state}".encode()).digest()[:8], "big")
    letters = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[index])
    return "".join(letters)


def token_table(slug: str, states: list[str]) -> dict[str, str]:
    """Token → state for one exercise's states; two states never share a token (checked, so a clash fails loudly)."""
    table = {state_token(slug, state): state for state in states}
    if len(table) != len(states):
        raise RuntimeError(f"two states of the exercise {slug!r} share a path token: change ALPHABET or LENGTH")
    return table
