"""Load the whole content folder into an immutable catalog: validate, link, render, relate."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article, Heading, read_article
from .config import Config, Section
from .errors import ContentError, Problem, Problems, display_path
from .fields import SLUG_RE, ascii_slug
from .glossary import GLOSSARY_SLUG, link_first_uses, term_pattern, terms_of
from .links import PLACEHOLDER, PLACEHOLDER_RE, InternalLink, resolve_internal_links, resolve_targets
from .markdown import parser
from .references import Reference, load_references
from .suggest import did_you_mean

WORD = re.compile(r"[\w']+")
TOC_MIN_HEADINGS = 3
RELATED_LIMIT = 3


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

    def section(self, section_id: str) -> SectionPage | None:
        return next((s for s in self.sections if s.section.id == section_id), None)

    def neighbours(self, article: Article) -> tuple[Article | None, Article | None]:
        """The previous and next article in the same section."""
        page = self.section(article.section)
        items = page.articles if page else [article]
        index = items.index(article)
        return (items[index - 1] if index > 0 else None, items[index + 1] if index + 1 < len(items) else None)

    def related(self, article: Article) -> list[Article]:
        """Articles sharing the most tags (ties broken by section order), at most three."""
        scores: dict[str, int] = defaultdict(int)
        for tag in article.tags:
            for other in self.tags.get(tag, []):
                if other.slug != article.slug:
                    scores[other.slug] += 1
        ranked = sorted(scores, key=lambda slug: (-scores[slug], self.articles[slug].order, slug))
        return [self.articles[slug] for slug in ranked[:RELATED_LIMIT]]

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


def find_sources(content_dir: Path) -> list[Path]:
    """Every Markdown file under the content folder, skipping hidden files and folders."""
    return sorted(
        p for p in content_dir.rglob("*.md")
        if not any(part.startswith((".", "_")) for part in p.relative_to(content_dir).parts)
    )


def load_catalog(
    config: Config,
    url_of: Callable[[Article], str],
    media_url: Callable[[str], str],
    exercise_urls: dict[str, str] | None = None,
    *,
    include_drafts: bool = False,
    today: dt.date | None = None,
) -> Catalog:
    """Read, validate, link and render every article; raise ContentError listing all problems."""
    problems = Problems()
    today = today or dt.date.today()
    exercise_urls = exercise_urls or {}
    content_dir = config.content_dir
    if not content_dir.is_dir():
        problems.error(display_path(content_dir), None, "the content folder does not exist", "create it or pass --content DIR")
        problems.raise_if_errors(ContentError)
    references = load_references(content_dir, problems)
    articles = _read_all(content_dir, problems)
    unreviewed: list[Problem] = []
    published, drafts = _check_site_rules(articles, config, references, include_drafts, today, problems, unreviewed)
    md = parser()
    glossary = next((a for a in published if a.slug == GLOSSARY_SLUG), None)
    publishing = {id(a) for a in published}
    terms: list = []
    pattern = None
    images: set[str] = set()
    deferred: list[InternalLink] = []
    # Each article is parsed, checked and rendered in one go, so only one token tree is alive at a time;
    # links to other articles carry placeholders until every article's headings are known.
    for article in ([glossary] if glossary else []) + [a for a in published + drafts if a is not glossary]:
        env: dict = {}
        tokens = md.parse(article.body, env)
        article.env = env
        article.tokens = tokens
        article.headings = tuple(Heading(level, hid, text) for level, hid, text, _ in env.get("headings", []))
        for level, _, _, line in env.get("headings", []):
            if level == 1:
                problems.warn(article.display, article.body_line + line, "a top-level heading (#) in the text", "start headings at ##; the title is the page's only top-level heading")
        cited: list[str] = []
        for key, line in env.get("citation_keys", []):
            if key not in references:
                problems.error(article.display, article.body_line + line, f'the citation "[@{key}]" is not in references.yaml', did_you_mean(key, references, "references") if references else "add it to content/references.yaml")
            elif key not in cited:
                cited.append(key)
        article.citations = tuple(cited)
        article.words = len(WORD.findall(article.body))
        if id(article) in publishing:
            images |= resolve_targets(article, exercise_urls, media_url, content_dir, problems, deferred)
            if article is glossary:
                terms = terms_of(glossary)
                pattern = term_pattern(terms)
            elif pattern:
                link_first_uses(article, terms, pattern, url_of(glossary))
            env["cite_numbers"] = {key: n for n, key in enumerate(article.citations, start=1)}
            article.html = md.renderer.render(tokens, md.options, env)
        article.tokens, article.env = [], {}
    by_path = {a.path.resolve(): a for a in published}
    draft_paths = {a.path.resolve(): a for a in drafts}
    urls = resolve_internal_links(deferred, by_path, draft_paths, url_of, content_dir, problems)
    problems.raise_if_errors(ContentError)
    for article in published:
        if PLACEHOLDER in article.html:
            article.html = PLACEHOLDER_RE.sub(lambda m: urls[int(m.group(1))], article.html)
    catalog = _relate(published, config, references, images, problems.warnings)
    catalog.unreviewed = unreviewed
    return catalog


def _read_all(content_dir: Path, problems: Problems) -> list[Article]:
    root = content_dir.resolve()
    seen: dict[str, str] = {}
    articles: list[Article] = []
    for path in find_sources(content_dir):
        where = display_path(path, content_dir.parent)
        if path.is_symlink() and not _inside(path.resolve(), root):
            problems.error(where, None, "the file is a link to somewhere outside the content folder", "copy the file into content/ instead of linking it")
            continue
        slug = path.stem
        if not SLUG_RE.match(slug):
            problems.error(where, None, f'the file name "{path.name}" cannot be used as a web address', f'rename it to "{ascii_slug(slug) or "article"}.md" (lower-case letters, digits and hyphens)')
            continue
        if slug in seen:
            problems.error(where, 1, f'the slug "{slug}" is already used by {seen[slug]}', "rename one of the two files; the file name is the page's address")
            continue
        seen[slug] = where
        article = read_article(path, slug, where, problems)
        if article is not None:
            articles.append(article)
    return articles


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _check_site_rules(
    articles: list[Article],
    config: Config,
    references: dict[str, Reference],
    include_drafts: bool,
    today: dt.date,
    problems: Problems,
    unreviewed: list[Problem],
) -> tuple[list[Article], list[Article]]:
    section_ids = [s.id for s in config.sections]
    from .exercises import EXERCISES as exercise_slugs

    published: list[Article] = []
    drafts: list[Article] = []
    for article in articles:
        if article.section not in section_ids:
            problems.error(article.display, article.line_of("section"), f'the section "{article.section}" does not exist', did_you_mean(article.section, section_ids, "sections"))
            continue
        if article.section == "exercises" and article.slug in exercise_slugs:
            problems.error(article.display, 1, f'the slug "{article.slug}" is already the address of an exercise', "rename the file")
            continue
        for key in article.references:
            if key not in references:
                problems.error(article.display, article.line_of("references"), f'the reference "{key}" is not in references.yaml', did_you_mean(key, references, "references") if references else "add it to content/references.yaml")
        if not article.review.done and not article.draft:
            unreviewed.append(Problem(article.display, article.line_of("review"), "not yet clinically reviewed", "once a clinician has reviewed it, fill in review.by, credentials, on and next_due", warning=True))
        if article.review.next_due and article.review.next_due < today:
            problems.warn(article.display, article.line_of("review"), f"the clinical review was due on {article.review.next_due.isoformat()}", "have it reviewed again and update review.on and review.next_due")
        hidden = config.shown_sections is not None and article.section not in config.shown_sections
        (published if (include_drafts or not article.draft) and not hidden else drafts).append(article)
    return published, drafts


def _relate(articles: list[Article], config: Config, references: dict[str, Reference], images: set[str], warnings: list[Problem]) -> Catalog:
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
