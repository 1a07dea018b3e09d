"""Render one article's Markdown: its HTML and everything the rest of the build needs to know about it."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from thaw.content.article import Article, Heading
from thaw.util.hashing import digest
from thaw.errors import Problem, Problems
from thaw.content.glossary import Term, link_first_uses, term_pattern
from thaw.content.links import InternalLink, resolve_targets
from thaw.markdown.parser import parser
from thaw.markdown.rules.headings import PAGE_IDS
from thaw.config.settings import REGIONS
from thaw.util.pickling import by_fields
from thaw.util.suggest import did_you_mean
from thaw.content.search import weigh



@dataclass(frozen=True)
class RenderContext:
    """What an article's HTML depends on besides its own file: addresses and the glossary's terms."""

    content_dir: Path
    exercise_urls: Mapping[str, str]
    media_url: Callable[[str], str]  # the URL of a content-relative image; depends only on the base path
    base_path: str
    region: str = ""  # the practice's region: region blocks for others are left out (markdown/rules/regions.py)
    language: str = "en"  # the edition's: the few words rendering adds (a table's label) are in it, and its search terms are weighed with its stop words and stemmer
    glossary_url: str = ""
    terms: tuple[Term, ...] = ()
    real_folders: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # links' folders, resolved once

    @cached_property
    def root(self) -> str:
        """The content folder's real path."""
        return str(self.content_dir.resolve())

    @cached_property
    def key(self) -> str:
        return digest(str(self.content_dir.resolve()), sorted(self.exercise_urls.items()), self.base_path, self.region, self.glossary_url, self.terms, self.language)


@by_fields
@dataclass(slots=True)
class Rendered:
    """One article's rendering: cacheable, and re-checked against the other inputs on every build."""

    html: str  # links to other articles are numbered placeholders
    headings: tuple[Heading, ...]
    citation_keys: tuple[tuple[str, int], ...]  # every [@key] with its line in the file
    words: int
    images: tuple[str, ...]  # content-relative paths
    links: tuple[InternalLink, ...]
    warnings: tuple[Problem, ...]
    search_terms: str
    errors: tuple[Problem, ...] = field(default=())


def citations_in_order(keys: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for key, _ in keys:
        seen.setdefault(key, None)
    return tuple(seen)


def _inline_anchors(article: Article, anchors: list[tuple[str, int]], problems: Problems) -> tuple[Heading, ...]:
    """Ids written after a phrase (`**x**{ #id }`), as level-0 headings: places a link may point at, not in the contents."""
    seen: set[str] = set(PAGE_IDS)
    for anchor, line in anchors:
        if anchor in seen:
            problems.error(article.display, article.body_line + line, f'the id "#{anchor}" is already used on this page', "choose another id in the braces")
        seen.add(anchor)
    return tuple(Heading(0, anchor, "") for anchor, _ in anchors)


def render_article(article: Article, context: RenderContext, *, publish: bool, glossary: bool = False) -> Rendered:
    """Parse, check and (when published) render one article; its own problems come back with the result."""
    problems = Problems()
    md = parser(":::" in article.body)
    env: dict = {"region": context.region, "listed_references": tuple(article.references)}  # each gets a ref-N id
    tokens = md.parse(article.body, env)
    for line, names in env.get("region_blocks", []):
        where = article.body_line + line
        if not names:
            problems.error(article.display, where, "a region block names no region", "write the regions it is for: ::: region uk ie (" + ", ".join(REGIONS) + ")")
        for name in names:
            if name not in REGIONS:
                problems.error(article.display, where, f'unknown region "{name}"', did_you_mean(name, REGIONS, "regions"))
    article.env, article.tokens = env, tokens
    headings = tuple(Heading(level, hid, text) for level, hid, text, _ in env.get("headings", []))
    headings += _inline_anchors(article, env.get("anchors", []), problems)
    article.headings = headings
    for level, _, _, line in env.get("headings", []):
        if level == 1:
            problems.warn(article.display, article.body_line + line, "a top-level heading (#) in the text", "start headings at ##; the title is the page's only top-level heading")
    citation_keys = tuple((key, article.body_line + line) for key, line in env.get("citation_keys", []))
    html, links, terms, words = "", [], "", 0
    # Checked whether or not the page is published: a draft's problems are reported too (as warnings, in a build).
    images = resolve_targets(article, context.exercise_urls, context.media_url, context.root, problems, links, context.real_folders)
    if publish:
        if not glossary and context.terms:
            pattern = term_pattern(list(context.terms))
            if pattern:
                link_first_uses(article, list(context.terms), pattern, context.glossary_url)
        env["cite_numbers"] = {key: n for n, key in enumerate(citations_in_order(citation_keys), start=1)}
        html = md.renderer.render(tokens, md.options, env)
        terms, words = weigh(_fields(article, tokens), context.language)
    article.env, article.tokens = {}, []
    return Rendered(
        html=html,
        headings=headings,
        citation_keys=citation_keys,
        words=words or len(article.body.split()),  # the prose's words when rendered (markup aside), else a quick count
        images=tuple(images),
        links=tuple(links),
        warnings=tuple(problems.warnings),
        search_terms=terms,
        errors=tuple(problems.errors),
    )


def _fields(article: Article, tokens: list) -> list[tuple[str, str, int]]:
    """The article's text by kind (title, summary, search terms, headings, body) and section (the second-level heading
    it is under, from 0; -1 before the first), each joined into one string to scan once."""
    parts: dict[tuple[str, int], list[str]] = {}
    kind, section = "body", -1
    for token in tokens:
        if token.type == "heading_open":
            kind = "heading"
            if token.tag == "h2":
                section += 1
        elif token.type == "heading_close":
            kind = "body"
        elif token.type == "inline" and token.children:
            parts.setdefault((kind, section), []).extend(c.content for c in token.children if c.type == "text" or c.type == "code_inline")
    return [("title", article.title, -1), ("summary", article.summary, -1), ("terms", "\n".join(article.search_phrases), -1)] + [
        (kind, "\n".join(texts), number) for (kind, number), texts in parts.items()
    ]
