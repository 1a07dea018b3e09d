"""Editorial checks of an article's prose: reading grade, words to avoid, citations, review status."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from thaw.content.article import Article
from thaw.errors import Problem
from thaw.markdown.parser import parser

MAX_GRADE = {"public": 8.0, "clinicians": 10.0}
MIN_REFERENCES = 2
# Words that push, belittle or pathologise; trauma-informed writing avoids them.
AVOID = {
    "just": "it can make a hard step sound trivial; leave it out",
    "simply": "it can make a hard step sound trivial; leave it out",
    "broken": "numbness is protection, not damage; describe what happens instead",
    "crazy": "a hurtful label; describe the experience instead",
    "insane": "a hurtful label; describe the experience instead",
    "should": "invite rather than instruct, e.g. \"you might\" or \"if it feels right\"",
    "obviously": "what is obvious to the writer may not be to the reader; leave it out",
}
AVOID_RE = re.compile(r"(?<![\w@/.-])(" + "|".join(AVOID) + r")(?![\w-])", re.IGNORECASE)
CODE_OR_LINK = re.compile(r"`[^`]*`|\]\([^)]*\)|\[@[^\]]*\]")
SENTENCE_END = (".", "!", "?", ":", ";")


@dataclass(frozen=True)
class ProseReport:
    """What `check` prints for one article."""

    article: Article
    grade: float
    words: int
    references: int
    review: str  # "reviewed", "due soon", "changed since review", "overdue" or "not reviewed"
    problems: tuple[Problem, ...]


def plain_text(body: str) -> str:
    """The article's readable text: one sentence-ended chunk per paragraph, list item, heading or cell."""
    chunks: list[str] = []
    for token in parser().parse(body, {}):
        if token.type != "inline" or not token.children:
            continue
        text = " ".join("".join(c.content for c in token.children if c.type in ("text", "code_inline")).split())
        if text:
            chunks.append(text if text.endswith(SENTENCE_END) else text + ".")
    return " ".join(chunks)


def reading_grade(text: str) -> float:
    import textstat  # imported here: only `check` needs it, and it is slow to import

    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0


def review_status(article: Article, today: dt.date) -> str:
    """The page's review status as `check` prints it (worked out by catalog/rules.py on every load)."""
    status = article.review_status
    if status is None:
        return "not reviewed"
    return {"UNREVIEWED": "not reviewed", "CHANGED": "changed since review", "OVERDUE": "overdue", "DUE_SOON": "due soon", "CURRENT": "reviewed"}[status.name]


def words_to_avoid(article: Article) -> list[Problem]:
    problems = []
    in_fence = False
    for offset, line in enumerate(article.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        for match in AVOID_RE.finditer(CODE_OR_LINK.sub(" ", line)):
            word = match.group(1)
            problems.append(Problem(article.display, article.body_line + offset, f'"{word}" is on the list of words to avoid', AVOID[word.lower()], warning=True))
    return problems


def review_prose(article: Article, today: dt.date) -> ProseReport:
    """Measure one article and list its editorial warnings."""
    grade = round(reading_grade(plain_text(article.body)), 1)
    limit = MAX_GRADE[article.audience]
    problems = words_to_avoid(article)
    if grade > limit:
        problems.append(Problem(article.display, 1, f"reading grade {grade} is above {limit:g}", "use shorter sentences and everyday words", warning=True))
    cited = len(article.citations)
    if cited < MIN_REFERENCES:
        problems.append(Problem(article.display, article.line_of("references"), f"{cited} reference{'s' * (cited != 1)} cited (at least {MIN_REFERENCES})", "back each fact with a source from references.yaml", warning=True))
    if not article.summary:
        problems.append(Problem(article.display, 1, "no summary", "add summary: …", warning=True))
    return ProseReport(article, grade, article.words, cited, review_status(article, today), tuple(problems))
