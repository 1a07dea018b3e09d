"""One small exception hierarchy, and the Problem record every check reports."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from thaw.util.pickling import by_fields

TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and newline, DEL, C1: ESC, CSI, CR, BEL…


def terminal_safe(text: str) -> str:
    """`text` with every terminal control character shown as \\xNN, so input cannot rewrite the author's terminal."""
    return TERMINAL_CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


@by_fields
@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong with an input file, with where it is and how to fix it."""

    path: str
    line: int | None
    message: str
    fix: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = "warning: " if self.warning else ""
        fix = f" — {self.fix}" if self.fix else ""
        return terminal_safe(f"{where}: {kind}{self.message}{fix}")


class ThawError(Exception):
    """Base of every error the command line reports without a traceback."""

    def __str__(self) -> str:
        return terminal_safe(super().__str__())


class ProblemsFound(ThawError):
    """The inputs have problems; all of them are listed together (with the warnings found beside them, which did not fail)."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | tuple[Problem, ...] = ()) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
        self.warnings = sorted(set(warnings) - set(problems), key=lambda p: (p.path, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(ProblemsFound):
    """The practice's config file is invalid."""


class ContentError(ProblemsFound):
    """One or more content files are invalid."""


class AssetError(ThawError):
    """A front-end library is missing or does not match its pinned hash."""


def display_path(path: Path, root: Path | None = None) -> str:
    """Return `path` relative to `root` (or the working folder) when it lies inside it."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


class Problems:
    """Collects problems across a whole build so they can be reported together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: str, line: int | None, message: str, fix: str = "") -> None:
        self.items.append(Problem(path, line, message, fix))

    def warn(self, path: str, line: int | None, message: str, fix: str = "") -> None:
        self.items.append(Problem(path, line, message, fix, warning=True))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def raise_if_errors(self, error_class: type[ProblemsFound], strict: bool = False) -> None:
        failing = self.items if strict else self.errors
        if failing:
            raise error_class(failing, warnings=self.warnings)
