"""Which articles the site publishes, and the site-wide rules each must meet (sections, references, reviews)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from thaw.config.settings import Config
from thaw.content.article import Article
from thaw.content.references import Reference
from thaw.errors import Problem, Problems
from thaw.util.suggest import did_you_mean


class SiteRules:
    """Which articles the site publishes: a known section, not an exercise's address, not a draft, not hidden."""

    def __init__(self, config: Config, include_drafts: bool, exercise_slugs: Collection[str] = ()) -> None:
        self.section_ids = [s.id for s in config.sections]
        self.exercise_slugs = set(exercise_slugs)
        self.shown = config.shown_sections
        self.include_drafts = include_drafts

    def valid(self, article: Article) -> bool:
        return article.section in self.section_ids and not (article.section == "exercises" and article.slug in self.exercise_slugs)

    def publishes(self, article: Article) -> bool:
        hidden = self.shown is not None and article.section not in self.shown
        return self.valid(article) and (self.include_drafts or not article.draft) and not hidden


def check_site_rules(
    articles: list[Article],
    config: Config,
    references: dict[str, Reference],
    rules: SiteRules,
    today: dt.date,
    problems: Problems,
    unreviewed: list[Problem],
) -> tuple[list[Article], list[Article]]:
    published: list[Article] = []
    drafts: list[Article] = []
    for article in articles:
        if article.section not in rules.section_ids:
            problems.error(article.display, article.line_of("section"), f'the section "{article.section}" does not exist', did_you_mean(article.section, rules.section_ids, "sections"))
            continue
        if not rules.valid(article):
            problems.error(article.display, 1, f'the slug "{article.slug}" is already the address of an exercise', "rename the file")
            continue
        for key in article.references:
            if key not in references:
                problems.error(article.display, article.line_of("references"), f'the reference "{key}" is not in references.yaml', did_you_mean(key, references, "references") if references else "add it to content/references.yaml")
        if not article.review.done and not article.draft:
            unreviewed.append(Problem(article.display, article.line_of("review"), "not yet clinically reviewed", "once a clinician has reviewed it, fill in review.by, credentials, on and next_due", warning=True))
        if article.review.next_due and article.review.next_due < today:
            problems.warn(article.display, article.line_of("review"), f"the clinical review was due on {article.review.next_due.isoformat()}", "have it reviewed again and update review.on and review.next_due")
        (published if rules.publishes(article) else drafts).append(article)
    return published, drafts
