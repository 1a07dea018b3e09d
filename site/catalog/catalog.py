"""The catalog: the published articles by section and tag, with their neighbours, related reading and contents."""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from thaw.config.settings import Config, Section
from thaw.content.article import Article, Heading
from thaw.content.references import Reference
from thaw.errors import Problem

TOC_MIN_HEADINGS = 3
RELATED_LIMIT = 3
RELATED_WINDOW = 30  # candidates on each side of an article within one tag


@dataclass
class SectionPage:
    """A section with the published articles in it, in reading order."""

    section: Section
    articles: list[Article]


@dataclass
class Catalog:
    """Everything the site shows, validated and rendered once per build."""

    articles: dict[str, Article]
    sections: list[SectionPage]
    tags: dict[str, list[Article]]
    references: dict[str, Reference]
    images: set[str]
    warnings: list[Problem] = field(default_factory=list)
    unreviewed: list[Problem] = field(default_factory=list)
    draft_warnings: list[Problem] = field(default_factory=list)  # drafts' problems: never a reason to refuse a build
    positions: dict[int, int] = field(default_factory=dict)  # id(article) -> place in its section
    tag_positions: dict[str, dict[int, int]] = field(default_factory=dict)  # tag -> id(article) -> place in the tag
    related_cache: dict[int, list[Article]] = field(default_factory=dict)
    ranked: list[Article] = field(default_factory=list)  # by (order, slug), which breaks ties between related articles
    rank: dict[int, int] = field(default_factory=dict)  # id(article) -> place in `ranked`
    # Languages (catalog/translations.py): each edition has its own catalog.
    draft_paths: set[str] = field(default_factory=set)  # this edition's drafts (their problems are warnings)
    own_paths: set[str] = field(default_factory=set)  # this edition's files, as problems name them
    by_path: dict[str, Article] = field(default_factory=dict)  # published articles by path under content/, no .md
    counterparts: dict[str, dict[str, Article]] = field(default_factory=dict)  # slug -> {language: the same page}
    outdated: dict[str, Article] = field(default_factory=dict)  # slug of a translation older than its original -> original

    def __post_init__(self) -> None:
        for page in self.sections:
            self.positions.update((id(a), i) for i, a in enumerate(page.articles))
        self.tag_positions = {tag: {id(a): i for i, a in enumerate(items)} for tag, items in self.tags.items()}
        self.ranked = sorted(self.articles.values(), key=lambda a: (a.order, a.slug))
        self.rank = {id(a): i for i, a in enumerate(self.ranked)}

    def section(self, section_id: str) -> SectionPage | None:
        return next((s for s in self.sections if s.section.id == section_id), None)

    def neighbours(self, article: Article) -> tuple[Article | None, Article | None]:
        """The previous and next article in the same section."""
        page = self.section(article.section)
        items = page.articles if page else [article]
        index = self.positions.get(id(article), 0) if page else 0
        return (items[index - 1] if index > 0 else None, items[index + 1] if index + 1 < len(items) else None)

    def related(self, article: Article) -> list[Article]:
        """Articles sharing the most tags (ties broken by order, then slug), at most three; worked out once per article.

        Only the articles nearest in reading order within each tag are candidates, so a tag with thousands of
        articles costs no more than a small one (on a site of a few dozen pages per tag, that is every article).
        """
        found = self.related_cache.get(id(article))
        if found is None:
            scores: Counter[Article] = Counter()
            for tag in article.tags:
                tagged = self.tags.get(tag, [])
                here = self.tag_positions[tag].get(id(article), 0)
                scores.update(tagged[max(0, here - RELATED_WINDOW) : here + RELATED_WINDOW + 1])
            scores.pop(article, None)
            by_score: dict[int, list[int]] = defaultdict(list)
            for other, score in scores.items():
                by_score[score].append(self.rank[id(other)])
            best: list[int] = []
            for score in sorted(by_score, reverse=True):
                best += heapq.nsmallest(RELATED_LIMIT - len(best), by_score[score])
                if len(best) == RELATED_LIMIT:
                    break
            found = self.related_cache[id(article)] = [self.ranked[i] for i in best]
        return found

    def toc(self, article: Article) -> list[tuple[Heading, list[Heading]]]:
        """Level-2 headings with their level-3 children, when the article is long enough to need them."""
        entries: list[tuple[Heading, list[Heading]]] = []
        for heading in article.headings:
            if heading.level == 2:
                entries.append((heading, []))
            elif heading.level == 3 and entries:
                entries[-1][1].append(heading)
        return entries if len(entries) >= TOC_MIN_HEADINGS else []

    def references_of(self, article: Article) -> list[Reference]:
        """Cited references in order of first citation, then the uncited ones listed in front matter."""
        keys = list(article.citations) + [k for k in article.references if k not in article.citations]
        return [self.references[k] for k in keys if k in self.references]


def relate(articles: list[Article], config: Config, references: dict[str, Reference], images: set[str], warnings: list[Problem]) -> Catalog:
    order = {s.id: i for i, s in enumerate(config.sections)}
    ordered = sorted(articles, key=lambda a: (order[a.section], a.order, a.title.lower(), a.slug))
    by_section: dict[str, list[Article]] = defaultdict(list)
    tags: dict[str, list[Article]] = defaultdict(list)
    for article in ordered:
        by_section[article.section].append(article)
        for tag in article.tags:
            tags[tag].append(article)
    sections = [SectionPage(s, by_section.get(s.id, [])) for s in config.sections if config.shown_sections is None or s.id in config.shown_sections]
    return Catalog(
        articles={a.slug: a for a in ordered},
        sections=sections,
        tags=dict(sorted(tags.items())),
        references=references,
        images=images,
        warnings=warnings,
    )
