"""Where each key of a TOML file is written, so a problem can name its line."""
from __future__ import annotations

from typing import Any


def key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Map each (table, [index,] key) of a TOML file to the line it is written on."""
    lines: dict[tuple[Any, ...], int] = {}
    table: tuple[Any, ...] = ()
    counts: dict[str, int] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line.startswith("[["):
            name = line.strip("[] ")
            counts[name] = counts.get(name, -1) + 1
            table = (name, counts[name])
            lines[table] = number
            lines.setdefault((name,), number)
        elif line.startswith("["):
            table = (line.split("]")[0].strip("[ "),)
            lines[table] = number
        elif "=" in line and not line.startswith("#"):
            key = line.split("=", 1)[0].strip().strip('"')
            lines[table + (key,)] = number
    return lines
