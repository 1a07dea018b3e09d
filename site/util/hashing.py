"""One hashing rule for every key Thaw makes: a SHA-256 of the parts' text."""
from __future__ import annotations

import hashlib


def digest(*parts: object) -> str:
    """A hex SHA-256 of the parts' text (bytes are hashed as they are)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()
