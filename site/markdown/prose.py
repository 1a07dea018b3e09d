"""Editorial checks of an article's prose: readability (Flesch-Kincaid grade in English, Fernández-Huerta in Spanish),
words to avoid, citations, review status."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from thaw.content.article import Article
from thaw.errors import Problem
from thaw.markdown.parser import parser

MAX_GRADE = {"public": 8.0, "clinicians": 10.0}
# Spanish: Fernández-Huerta's index (Flesch's, refit for Spanish; higher is easier). Its own table puts 60–70 at the
# reading of a 7th–8th grader, so 60 is the same bar as grade 8 for English pages (EDITING.md says why).
MIN_EASE = {"public": 60.0, "clinicians": 50.0}
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
# The same for Spanish pages.
AVOID_ES = {
    "simplemente": "puede hacer que un paso difícil parezca trivial; quítalo",
    "solo tienes que": "puede hacer que un paso difícil parezca trivial; quítalo",
    "roto": "el entumecimiento es protección, no daño; describe lo que pasa",
    "rota": "el entumecimiento es protección, no daño; describe lo que pasa",
    "loco": "una etiqueta que hiere; describe la experiencia",
    "loca": "una etiqueta que hiere; describe la experiencia",
    "deberías": "invita en lugar de ordenar, p. ej. \"puedes\" o \"si te parece bien\"",
    "obviamente": "lo que es obvio para quien escribe puede no serlo para quien lee; quítalo",
}
AVOID_ES_RE = re.compile(r"(?<![\w@/.-])(" + "|".join(AVOID_ES) + r")(?![\w-])", re.IGNORECASE)
CODE_OR_LINK = re.compile(r"`[^`]*`|\]\([^)]*\)|\[@[^\]]*\]")
SENTENCE_END = (".", "!", "?", ":", ";")


@dataclass(frozen=True)
class ProseReport:
    """What `check` prints for one article."""

    article: Article
    grade: float  # English: Flesch-Kincaid grade; Spanish: Fernández-Huerta ease (see `measure`)
    words: int
    references: int
    review: str  # "reviewed", "due soon", "changed since review", "overdue" or "not reviewed"
    problems: tuple[Problem, ...]
    measure: str = "grade"  # "grade" (Flesch-Kincaid) or "F-H" (Fernández-Huerta)
    second: float | None = None  # Spanish: Szigriszt-Pazos' perspicuity, shown beside it

    @property
    def readability(self) -> str:
        """The readability column of `check`'s table: "grade 6.8", or "F-H 79.4 · S-P 75.2"."""
        if self.measure == "grade":
            return f"grade {self.grade:4.1f}"
        return f"F-H {self.grade:4.1f} · S-P {self.second:4.1f}"


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


def spanish_readability(text: str) -> tuple[float, float]:
    """(Fernández-Huerta, Szigriszt-Pazos) of Spanish text, with textstat's Spanish syllable counts."""
    from textstat.textstat import textstatistics  # imported here: only `check` needs it

    if not text.strip():
        return 0.0, 0.0
    measure = textstatistics()  # its own instance: the shared one counts English syllables
    measure.set_lang("es")
    return float(measure.fernandez_huerta(text)), float(measure.szigriszt_pazos(text))


def review_status(article: Article, today: dt.date) -> str:
    """The page's review status as `check` prints it (worked out by catalog/rules.py on every load)."""
    status = article.review_status
    if status is None:
        return "not reviewed"
    return {"UNREVIEWED": "not reviewed", "CHANGED": "changed since review", "OVERDUE": "overdue", "DUE_SOON": "due soon", "CURRENT": "reviewed"}[status.name]


def words_to_avoid(article: Article, avoid: dict[str, str] = AVOID, pattern: re.Pattern[str] = AVOID_RE) -> list[Problem]:
    problems = []
    in_fence = False
    for offset, line in enumerate(article.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        for match in pattern.finditer(CODE_OR_LINK.sub(" ", line)):
            word = match.group(1)
            problems.append(Problem(article.display, article.body_line + offset, f'"{word}" is on the list of words to avoid', avoid[word.lower()], warning=True))
    return problems


def review_prose(article: Article, today: dt.date, language: str = "en") -> ProseReport:
    """Measure one article (in its language) and list its editorial warnings."""
    second: float | None = None
    if language.split("-")[0] == "es":
        ease, perspicuity = spanish_readability(plain_text(article.body))
        grade, second, measure = round(ease, 1), round(perspicuity, 1), "F-H"
        problems = words_to_avoid(article, AVOID_ES, AVOID_ES_RE)
        least = MIN_EASE[article.audience]
        if grade < least:
            problems.append(Problem(article.display, 1, f"Fernández-Huerta readability {grade} is below {least:g}", "use shorter sentences and shorter, everyday words", warning=True))
    else:
        grade, measure = round(reading_grade(plain_text(article.body)), 1), "grade"
        limit = MAX_GRADE[article.audience]
        problems = words_to_avoid(article)
        if grade > limit:
            problems.append(Problem(article.display, 1, f"reading grade {grade} is above {limit:g}", "use shorter sentences and everyday words", warning=True))
    cited = len(article.citations)
    if cited < MIN_REFERENCES:
        problems.append(Problem(article.display, article.line_of("references"), f"{cited} reference{'s' * (cited != 1)} cited (at least {MIN_REFERENCES})", "back each fact with a source from references.yaml", warning=True))
    if not article.summary:
        problems.append(Problem(article.display, 1, "no summary", "add summary: …", warning=True))
    return ProseReport(article, grade, article.words, cited, review_status(article, today), tuple(problems), measure, second)
