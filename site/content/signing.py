"""Recording a clinical review in a page's front matter, so nobody types a date or a fingerprint by hand."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from thaw.content.article import Article, read_article
from thaw.content.review import Status
from thaw.errors import ContentError, Problem, Problems, ThawError

REVIEW_BLOCK = re.compile(r"^review:[^\n]*\n(?:[ \t]+[^\n]*\n)*", re.M)
REVIEWED = ".reviews"  # content/.reviews/<page path>: the text as it was signed (a dot-folder: never built)


@dataclass(frozen=True)
class Signature:
    """What `review --sign` records for one page."""

    path: Path
    relative: str  # the page's path under the content folder
    by: str
    credentials: str
    reviewed_on: dt.date
    next_due: dt.date
    fingerprint: str

    def block(self) -> str:
        return (
            "review:\n"
            f"  by: {_quoted(self.by)}\n"
            f"  credentials: {_quoted(self.credentials)}\n"
            f"  reviewed_on: {self.reviewed_on.isoformat()}\n"
            f"  next_due: {self.next_due.isoformat()}\n"
            f"  fingerprint: {self.fingerprint}\n"
        )


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' if text else ""


def reviewer(signed: str) -> tuple[str, str]:
    """"Dr A. Clinician, Clinical psychologist" -> ("Dr A. Clinician", "Clinical psychologist")."""
    name, _, credentials = signed.partition(",")
    name, credentials = name.strip(), credentials.strip()
    if not name:
        raise ThawError('review --sign: the reviewer\'s name is empty — write --sign "Name, Credentials"')
    if any(ch in signed for ch in "\n\r\x00"):
        raise ThawError("review --sign: the name holds a line break — write it on one line")
    return name, credentials


def prepare(path: Path, content_dir: Path, display: str, signed: str, today: dt.date, cycle_days: int) -> Signature:
    """The review to record for the page at `path` as it stands now; the page must be valid."""
    name, credentials = reviewer(signed)
    if not path.is_file():
        raise ContentError([Problem(display, None, "there is no such page", "give the path of a Markdown file under content/, e.g. content/causes/grief-and-loss.md")])
    try:
        relative = path.resolve().relative_to(content_dir.resolve()).as_posix()
    except ValueError:
        raise ContentError([Problem(display, None, "the page is not in the content folder", f"give the path of a page under {content_dir}")]) from None
    problems = Problems()
    article = read_article(path, path.stem, display, problems)
    problems.raise_if_errors(ContentError)
    assert article is not None
    return Signature(path, relative, name, credentials, today, today + dt.timedelta(days=cycle_days), article.text_fingerprint)


def record(signature: Signature, content_dir: Path) -> None:
    """Write the review block into the page's front matter (replacing the one there), keeping every other line, and
    keep a copy of the text as signed in content/.reviews/, so the next review can see what changed since."""
    text = signature.path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n---")  # the front matter ends at the first line that is ---
    if not head.startswith("---") or not sep:
        raise ThawError(f"{signature.path}: the front matter is not between --- lines")
    copy = content_dir / REVIEWED / signature.relative
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(text, encoding="utf-8")
    if REVIEW_BLOCK.search(head + "\n"):
        head = REVIEW_BLOCK.sub(lambda _: signature.block(), head + "\n", count=1).rstrip("\n")
    else:
        head = head + "\n" + signature.block().rstrip("\n")
    updated = head + sep + rest
    temporary = signature.path.with_name(f".{signature.path.name}.signing")
    temporary.write_text(updated, encoding="utf-8")
    temporary.replace(signature.path)


def queue(articles: list[Article]) -> list[Article]:
    """Pages that need a clinician, the most urgent first: changed since review, overdue, never reviewed, due soon."""
    waiting = [a for a in articles if a.review_status is not None and a.review_status is not Status.CURRENT]
    return sorted(waiting, key=lambda a: (a.review_status.urgency, a.display))


def reviewed_text(content_dir: Path, relative: str) -> str | None:
    """The text of the page as it was last signed, when `review --sign` kept it."""
    copy = content_dir / REVIEWED / relative
    try:
        return copy.read_text(encoding="utf-8")
    except OSError:
        return None
