"""Clinical review bound to the text: a page's fingerprint, and its review status on a given day.

The fingerprint covers what a reader reads: the title, the summary, the content note and the body, with line endings
and trailing spaces made uniform. It leaves out the date fields, tags, order and the reference list's entries in
references.yaml (a corrected URL there does not change what the clinician read); a citation written in the body is
part of the body, so adding or removing one does.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from enum import Enum

FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
CYCLE_DAYS = 365  # a review is due again after a year unless the config says otherwise (HSE uses three years)
DUE_SOON_DAYS = 30


def fingerprint(title: str, summary: str, content_note: str, body: str) -> str:
    """16 hex digits of SHA-256 over the text a reader reads."""
    lines = "\n".join(line.rstrip() for line in body.replace("\r\n", "\n").strip().split("\n"))
    text = "\x00".join((title.strip(), summary.strip(), content_note.strip(), lines))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Status(Enum):
    """Where a page stands with its clinical review, from the most to the least urgent."""

    CHANGED = "changed since its clinical review"
    OVERDUE = "clinical review overdue"
    UNREVIEWED = "not yet clinically reviewed"
    DUE_SOON = "clinical review due soon"
    CURRENT = "reviewed and current"

    @property
    def current(self) -> bool:
        """Reviewed, unchanged since, and not overdue: the only statuses a strict build publishes."""
        return self in (Status.CURRENT, Status.DUE_SOON)

    @property
    def urgency(self) -> int:
        """0 for the most urgent (the order above): the review queue and the dashboard sort by it."""
        return list(Status).index(self)


def due_date(reviewed_on: dt.date, next_due: dt.date | None, cycle_days: int = CYCLE_DAYS) -> dt.date:
    """When a review falls due: its next_due, else one review cycle after it was made."""
    return next_due or reviewed_on + dt.timedelta(days=cycle_days)


def status_of(by: str, reviewed_on: dt.date | None, next_due: dt.date | None, signed: str, text: str, today: dt.date, due_soon_days: int = DUE_SOON_DAYS, cycle_days: int = CYCLE_DAYS) -> Status:
    """The status of a page whose review record is (by, reviewed_on, next_due, signed) and whose text now has `text`."""
    if not (by and reviewed_on):
        return Status.UNREVIEWED
    if signed and signed != text:
        return Status.CHANGED
    due = due_date(reviewed_on, next_due, cycle_days)
    if due < today:
        return Status.OVERDUE
    if not signed:
        return Status.CHANGED  # a review without a fingerprint covers no particular text: sign it again
    if (due - today).days <= due_soon_days:
        return Status.DUE_SOON
    return Status.CURRENT


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The words of `after` against `before`, as ("same" | "removed" | "added", text) runs (difflib's matcher)."""
    import difflib

    old, new = before.split(), after.split()
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(new[j1:j2])))
    return runs


def in_context(runs: list[tuple[str, str]], keep: int = 12) -> list[tuple[str, str]]:
    """The runs with long unchanged stretches cut to `keep` words either side of a change ("…" in between)."""
    if not any(op != "same" for op, _ in runs):
        return []
    shown: list[tuple[str, str]] = []
    for index, (op, text) in enumerate(runs):
        words = text.split()
        if op != "same" or len(words) <= 2 * keep:
            shown.append((op, text))
            continue
        head = " ".join(words[:keep]) if index > 0 else ""
        tail = " ".join(words[-keep:]) if index < len(runs) - 1 else ""
        shown.append(("same", " ".join(part for part in (head, "…", tail) if part)))
    return shown
