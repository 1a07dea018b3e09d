"""Which articles the site publishes, and the site-wide rules each must meet (sections, references, reviews)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from thaw.config.settings import Config
from thaw.content.article import Article
from thaw.content.references import Reference
from thaw.content.review import Status, due_date, status_of
from thaw.errors import Problem, Problems
from thaw.util.suggest import did_you_mean


class SiteRules:
    """Which articles the site publishes: complete, in a known section, not an exercise's address, not a draft, not hidden."""

    def __init__(self, config: Config, include_drafts: bool, exercise_slugs: Collection[str] = ()) -> None:
        self.section_ids = [s.id for s in config.sections]
        self.exercise_slugs = set(exercise_slugs)
        self.shown = config.shown_sections
        self.include_drafts = include_drafts

    def valid(self, article: Article) -> bool:
        return article.section in self.section_ids and not (article.section == "exercises" and article.slug in self.exercise_slugs)

    def hidden(self, article: Article) -> bool:
        """Is the article in a section the config hides (show_sections)?"""
        return self.shown is not None and article.section not in self.shown

    def publishes(self, article: Article) -> bool:
        return article.complete and self.valid(article) and (self.include_drafts or not article.draft) and not self.hidden(article)


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
        if not article.section and not article.complete:
            continue  # the front matter's own problems say why it has no section
        if article.section not in rules.section_ids:
            problems.error(article.display, article.line_of("section"), f'the section "{article.section}" does not exist', did_you_mean(article.section, rules.section_ids, "sections"))
            continue
        if not rules.valid(article):
            problems.error(article.display, 1, f'the slug "{article.slug}" is already the address of an exercise', "rename the file")
            continue
        for key in article.references:
            if key not in references:
                problems.error(article.display, article.line_of("references"), f'the reference "{key}" is not in references.yaml', did_you_mean(key, references, "references") if references else "add it to content/references.yaml")
        if not article.complete:
            continue  # never published: its review can wait until its front matter is right
        review = article.review
        article.review_status = status = status_of(review.by, review.reviewed_on, review.next_due, review.fingerprint, article.text_fingerprint, today, config.review_due_soon_days, config.review_cycle_days)
        where, line = article.display, article.line_of("review")
        sign = f'python build.py review --sign "Name, Credentials" {where}'
        waiting = not article.draft and not rules.hidden(article)  # a page the site will publish once reviewed
        if status is Status.UNREVIEWED and waiting:
            unreviewed.append(Problem(where, line, "not yet clinically reviewed", f"a clinician reads it (python build.py review {where} makes a printable copy) and signs it: {sign}", warning=True))
        elif status is Status.CHANGED and waiting:
            when = review.reviewed_on.isoformat() if review.reviewed_on else ""
            if review.fingerprint:
                unreviewed.append(Problem(where, line, f"changed since its clinical review on {when}", f"have the changes reviewed, then sign it again: {sign}", warning=True))
            else:
                unreviewed.append(Problem(where, line, f"the review of {when} does not record which text it covered", f"have it reviewed and signed with: {sign}", warning=True))
        elif status is Status.OVERDUE:
            due = due_date(review.reviewed_on, review.next_due, config.review_cycle_days) if review.reviewed_on else today
            problems.warn(where, line, f"the clinical review was due on {due.isoformat()}", f"have it reviewed again, then sign it: {sign}")
        (published if rules.publishes(article) else drafts).append(article)
    return published, drafts
