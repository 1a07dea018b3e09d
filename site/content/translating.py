"""Recording which version of its original a translation matches: `translated_from`, the original's fingerprint,
written into the translation's front matter so nobody types it by hand (the same binding as clinical review)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from thaw.content.article import read_article
from thaw.errors import ContentError, Problem, Problems

TRANSLATED_FROM = re.compile(r"^translated_from:[^\n]*$", re.M)
TRANSLATION_OF = re.compile(r"^translation_of:[^\n]*$", re.M)


@dataclass(frozen=True)
class Stamp:
    """What `translated` records for one translation."""

    path: Path
    original: Path
    fingerprint: str


def prepare(path: Path, content_dir: Path, display: str) -> Stamp:
    """The stamp for the translation at `path` as its original stands now; both pages must be valid."""
    problems = Problems()
    translation = read_article(path, path.stem, display, problems) if path.is_file() else None
    if not path.is_file():
        problems.error(display, None, "there is no such page", "give the path of a translation, e.g. content/es/understanding/what-is-numbness.md")
    problems.raise_if_errors(ContentError)
    assert translation is not None
    if not translation.translation_of:
        raise ContentError([Problem(display, None, "this page names no original", "add translation_of: the original's path under content/ (e.g. understanding/what-is-numbness)")])
    original_path = content_dir / f"{translation.translation_of}.md"
    shown = f"{content_dir.as_posix().rstrip('/')}/{translation.translation_of}.md"
    if not original_path.is_file():
        raise ContentError([Problem(display, translation.line_of("translation_of"), f"translation_of names {shown}, which does not exist", "write the original's path under content/")])
    original = read_article(original_path, original_path.stem, shown, problems)
    problems.raise_if_errors(ContentError)
    assert original is not None
    return Stamp(path, original_path, original.text_fingerprint)


def record(stamp: Stamp) -> bool:
    """Write `translated_from` into the translation's front matter (replacing the one there, else after
    translation_of), keeping every other line; False when it already says so."""
    text = stamp.path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n---")
    line = f"translated_from: {stamp.fingerprint}"
    if TRANSLATED_FROM.search(head):
        if TRANSLATED_FROM.search(head).group(0) == line:  # type: ignore[union-attr]
            return False
        head = TRANSLATED_FROM.sub(line, head, count=1)
    else:
        head = TRANSLATION_OF.sub(lambda found: found.group(0) + "\n" + line, head, count=1)
    temporary = stamp.path.with_name(f".{stamp.path.name}.stamping")
    temporary.write_text(head + sep + rest, encoding="utf-8")
    temporary.replace(stamp.path)
    return True
