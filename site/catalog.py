"""Load the whole content folder into an immutable catalog: validate, link, render, relate."""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import gc
import hashlib
import heapq
import os
import pickle
import select
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .article import Article, Heading, read_article
from .articlecache import ArticleCache, Entry, Stored
from .cache import code_version, digest
from .config import Config, Section
from .errors import ContentError, Problem, Problems, ThawError, display_path
from .fields import SLUG_RE, ascii_slug
from .glossary import GLOSSARY_SLUG, terms_of
from .inputs import is_hidden, scan
from .links import resolve_internal_links
from .markdown import parser
from .references import Reference, load_references
from .render import Rendered, RenderContext, citations_in_order, render_article
from .suggest import did_you_mean
from .workqueue import WorkQueue, chunked
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
    positions: dict[int, int] = field(default_factory=dict)  # id(article) -> place in its section
    tag_positions: dict[str, dict[int, int]] = field(default_factory=dict)  # tag -> id(article) -> place in the tag
    related_cache: dict[int, list[Article]] = field(default_factory=dict)
    ranked: list[Article] = field(default_factory=list)  # by (order, slug), which breaks ties between related articles
    rank: dict[int, int] = field(default_factory=dict)  # id(article) -> place in `ranked`

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


def find_sources(content_dir: Path, problems: Problems | None = None) -> list[Path]:
    """Every Markdown file under the content folder, skipping hidden files and folders (see inputs.scan)."""
    return [item.path for item in scan(content_dir, problems) if item.relative.endswith(".md")]


def is_source(relative: str) -> bool:
    """Is this content-relative path one find_sources finds?"""
    parts = relative.split("/")
    return relative.endswith(".md") and not any(is_hidden(part) for part in parts)


def source_key(relative: str, where: str, file_hash: str) -> str:
    """What a cached rendering of a content file is found by: the file's bytes, its place and the Python code."""
    return digest(code_version(python_only=True), relative, where, file_hash)  # rendering Markdown does not use the templates


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading makes many long-lived objects and few cycles, and each full
    collection would walk all of them again. Freezing turns it back on for its short-lived pages (freeze.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_catalog(
    config: Config,
    url_of: Callable[[Article], str],
    media_url: Callable[[str], str],
    exercise_urls: dict[str, str] | None = None,
    *,
    include_drafts: bool = False,
    today: dt.date | None = None,
    cache: ArticleCache | None = None,
    workers: int = 1,
    idle: Callable[[], None] | None = None,
) -> Catalog:
    """Read, validate, link and render every article; raise ContentError listing all problems.

    Articles whose file and surroundings are unchanged come from `cache` instead of being parsed again;
    with `workers` > 1 the rest are rendered by forked processes (while they do, this process runs `idle`).
    Either way the result is the same.
    """
    with collector_paused():
        return _load(config, url_of, media_url, exercise_urls, include_drafts, today, cache, workers, idle)


def _load(
    config: Config,
    url_of: Callable[[Article], str],
    media_url: Callable[[str], str],
    exercise_urls: dict[str, str] | None,
    include_drafts: bool,
    today: dt.date | None,
    cache: ArticleCache | None,
    workers: int,
    idle: Callable[[], None] | None = None,
) -> Catalog:
    problems = Problems()
    today = today or dt.date.today()
    cache = cache if cache is not None else ArticleCache()
    content_dir = config.content_dir
    if not content_dir.is_dir():
        problems.error(display_path(content_dir), None, "the content folder does not exist", "create it or pass --content DIR")
        problems.raise_if_errors(ContentError)
    references = load_references(content_dir, problems)
    sources = _read_all(content_dir, cache, problems)
    rules = SiteRules(config, include_drafts)
    context = RenderContext(content_dir, exercise_urls or {}, media_url, config.base_path)
    glossary = next((s for s in sources if s.path.stem == GLOSSARY_SLUG), None)
    if glossary:
        _render_all([glossary], context, rules, cache, 1, problems, glossary=True)
        if glossary.article is not None and rules.publishes(glossary.article):
            terms = tuple(terms_of(glossary.article))
            if terms:
                context = dataclasses.replace(context, glossary_url=url_of(glossary.article), terms=terms)
    _render_all([s for s in sources if s is not glossary], context, rules, cache, workers, problems, idle=idle)
    sources = [s for s in sources if s.article is not None]
    articles = [source.article for source in sources]
    unreviewed: list[Problem] = []
    published, drafts = _check_site_rules(articles, config, references, rules, today, problems, unreviewed)
    publishing = {id(a) for a in published}
    for article in published:
        article.url = url_of(article)
    images: set[str] = set()
    for source in sources:
        article, rendered = source.article, source.rendered
        assert rendered is not None
        problems.items.extend(rendered.warnings + rendered.errors)
        for key, line in rendered.citation_keys:
            if key not in references:
                problems.error(article.display, line, f'the citation "[@{key}]" is not in references.yaml', did_you_mean(key, references, "references") if references else "add it to content/references.yaml")
        article.citations = tuple(k for k in citations_in_order(rendered.citation_keys) if k in references)
        if id(article) in publishing:
            images.update(rendered.images)
    root = content_dir.resolve()
    by_relative = {s.relative_resolved(root): s.article for s in sources if id(s.article) in publishing}
    draft_paths = {s.relative_resolved(root): s.article for s in sources if id(s.article) not in publishing}
    for source in sources:
        if id(source.article) in publishing and source.rendered and source.rendered.links:
            source.article.link_urls = resolve_internal_links(source.article, source.rendered.links, by_relative, draft_paths, problems)
    problems.raise_if_errors(ContentError)
    cache.save()
    catalog = _relate(published, config, references, images, problems.warnings)
    catalog.unreviewed = unreviewed
    return catalog


@dataclass
class Source:
    """One content file on its way through the build: where it is, its article, and its rendering once done."""

    path: Path
    relative: str
    where: str
    key: str | None  # None until a worker has read the file, in a build from nothing (ArticleCache.hash_when_read)
    article: Article | None  # None until read (a file with errors stays None)
    entry: Entry | None = None  # what the cache held for these exact bytes
    rendered: Rendered | None = None
    symlink: bool = False

    def relative_resolved(self, root: Path) -> str:
        """The content-relative path of the file itself (a link inside content/ is followed)."""
        if not self.symlink:
            return self.relative
        try:
            return self.path.resolve().relative_to(root).as_posix()
        except ValueError:
            return self.relative


class SiteRules:
    """Which articles the site publishes: a known section, not an exercise's address, not a draft, not hidden."""

    def __init__(self, config: Config, include_drafts: bool) -> None:
        from .exercises import EXERCISES

        self.section_ids = [s.id for s in config.sections]
        self.exercise_slugs = set(EXERCISES)
        self.shown = config.shown_sections
        self.include_drafts = include_drafts

    def valid(self, article: Article) -> bool:
        return article.section in self.section_ids and not (article.section == "exercises" and article.slug in self.exercise_slugs)

    def publishes(self, article: Article) -> bool:
        hidden = self.shown is not None and article.section not in self.shown
        return self.valid(article) and (self.include_drafts or not article.draft) and not hidden


# (the article, its rendering, problems, render key, stored HTML, the file's source key and SHA-256 when the job hashed it)
JobResult = tuple[Article | None, Rendered | None, list[Problem], str, Stored | None, str, str]


@dataclass
class Job:
    """One article to read and render again, and what came of it."""

    path: Path
    relative: str
    slug: str
    where: str
    key: str | None  # None: hash the file while reading it
    article: Article | None  # known when only the surroundings changed
    result: JobResult | None = None


def _render_all(
    sources: list[Source],
    context: RenderContext,
    rules: SiteRules,
    cache: ArticleCache,
    workers: int,
    problems: Problems,
    *,
    glossary: bool = False,
    idle: Callable[[], None] | None = None,
) -> None:
    """Reuse every cached rendering that is still valid; read and render the rest (in forked workers when there are many)."""
    todo: list[Source] = []
    context_keys = {publish: _context_key(context, publish, glossary) for publish in (True, False)}
    for source in sources:
        entry = source.entry
        if entry is not None and entry.context_key == context_keys[rules.publishes(entry.article)] and _still_valid(entry, context):
            _use(source, entry, cache)
        else:
            todo.append(source)
    if not todo:
        return
    jobs = [Job(s.path, s.relative, s.path.stem, s.where, s.key, s.entry.article if s.entry else None) for s in todo]
    run_jobs(jobs, context, rules, cache, glossary, workers if len(jobs) >= PARALLEL_FROM else 1, idle)
    for source, job in zip(todo, jobs):
        assert job.result is not None
        article, rendered, found, render_key, stored, key, file_hash = job.result
        if file_hash:  # what the cache and the next build know the file by: the bytes its reader read
            source.key = key
            cache.record_read(source.relative, file_hash)
        problems.items.extend(found)
        if article is None or rendered is None:
            continue
        source.article = article
        if not rendered.errors:  # its front matter alone is kept (made here rather than sent back from the worker)
            cache.keep(source.relative, Entry(source.key, _front_matter_only(article), context_keys[rules.publishes(article)], rendered, render_key, stored))
        _apply(source, rendered, render_key, stored)


def _context_key(context: RenderContext, publish: bool, glossary: bool) -> str:
    return digest(context.key, publish, glossary)


def _run_job(job: Job, context: RenderContext, rules: SiteRules, cache: ArticleCache, glossary: bool) -> JobResult:
    """Read (unless only the surroundings changed) and render one article; see JobResult."""
    found = Problems()
    article = dataclasses.replace(job.article) if job.article is not None else None
    key, file_hash = job.key or "", ""
    if article is None or not article.body:
        bytes_read: list[bytes] = []
        article = read_article(job.path, job.slug, job.where, found, bytes_read.append)
        if bytes_read:  # hashed here, as it is read: a file saved since the build hashed it is known by what was rendered
            file_hash = hashlib.sha256(bytes_read[0]).hexdigest()
            key = source_key(job.relative, job.where, file_hash)
    if article is None:
        return None, None, found.items, "", None, key, file_hash
    publish = rules.publishes(article)
    rendered = render_article(article, context, publish=publish, glossary=glossary)
    render_key = digest(key, _context_key(context, publish, glossary))
    stored = None
    if cache.on_disk and not rendered.errors:
        stored = cache.store_html(rendered.html, render_key)
        rendered = dataclasses.replace(rendered, html="")
        article.body = ""  # not needed again, and not worth sending back
    return article, rendered, found.items, render_key, stored, key, file_hash


def run_jobs(jobs: list[Job], context: RenderContext, rules: SiteRules, cache: ArticleCache, glossary: bool, workers: int, idle: Callable[[], None] | None = None) -> None:
    """Read and render each job; with several workers, forked processes take chunks of jobs as they become free and
    send back each chunk's results (and this process runs `idle` meanwhile)."""
    if workers <= 1 or not hasattr(os, "fork"):
        for job in jobs:
            job.result = _run_job(job, context, rules, cache, glossary)
        return
    parser()  # built once, before forking, so every worker shares it
    chunks = chunked(jobs, RENDER_CHUNK)
    queue = WorkQueue(len(chunks))
    children: list[tuple[int, int]] = []
    for _ in range(workers):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: render chunks until none are left, sending each chunk's results back, then leave
            os.close(read_end)
            status = 0
            with os.fdopen(write_end, "wb") as pipe:
                try:
                    for number in queue:
                        _send(pipe, (number, [_run_job(job, context, rules, cache, glossary) for job in chunks[number]]))
                except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
                    _send(pipe, f"{type(exc).__name__}: {exc}")
                    status = 1
            os._exit(status)
        os.close(write_end)
        children.append((pid, read_end))
    queue.close()
    if idle:
        idle()
    failures: list[str] = []
    done = 0
    for _, value in _receive_all([read_end for _, read_end in children]):  # every pipe as it fills: no worker waits
        if not isinstance(value, tuple):
            failures.append(str(value))
            continue
        number, results = value
        for job, result in zip(chunks[number], results):
            job.result = result
        done += 1
    for pid, _ in children:
        _, status = os.waitpid(pid, 0)
        if not failures and status != 0:
            failures.append(f"a rendering worker stopped early (status {status})")
    if not failures and done < len(chunks):
        failures.append("a rendering worker stopped early")
    if failures:
        raise ThawError("rendering failed: " + "; ".join(failures))


PARALLEL_FROM = 200  # below this many articles, forking costs more than it saves
RENDER_CHUNK = 16  # articles a worker takes at a time; their results come back together


def _send(pipe: Any, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(len(data).to_bytes(8, "little") + data)


def _receive_all(pipes: list[int]) -> Iterator[tuple[int, object]]:
    """Each value sent on any of the pipes (length-prefixed pickles), as soon as it has fully arrived; closes them."""
    buffers = {fd: bytearray() for fd in pipes}
    open_pipes = set(pipes)
    while open_pipes:
        ready, _, _ = select.select(list(open_pipes), [], [])
        for fd in ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                open_pipes.discard(fd)
                os.close(fd)
                continue
            buffer = buffers[fd]
            buffer += chunk
            while len(buffer) >= 8 and len(buffer) >= 8 + (size := int.from_bytes(buffer[:8], "little")):
                data = bytes(buffer[8 : 8 + size])
                del buffer[: 8 + size]
                try:
                    yield fd, pickle.loads(data)
                except Exception:  # noqa: BLE001 - a worker that died mid-write
                    yield fd, "a rendering worker sent back something unreadable"


def _front_matter_only(article: Article) -> Article:
    kept = copy.copy(article)  # by its fields (pickling.by_fields): several times faster than dataclasses.replace
    kept.body, kept.tokens, kept.env, kept.html_text, kept.html_file, kept.link_urls = "", [], {}, None, None, ()
    return kept


def _still_valid(entry: Entry, context: RenderContext) -> bool:
    """A cached rendering also depends on its images still existing."""
    return all((context.content_dir / relative).is_file() for relative in entry.rendered.images)


def _use(source: Source, entry: Entry, cache: ArticleCache) -> None:
    cache.keep(source.relative, entry)
    _apply(source, entry.rendered, entry.render_key, entry.stored)
    assert source.article is not None
    source.article.from_cache = True


def _apply(source: Source, rendered: Rendered, render_key: str, stored: Stored | None) -> None:
    """Give the article what rendering found; its HTML stays in the cache's pack when it was stored there."""
    article = source.article
    article.headings = rendered.headings
    article.words = rendered.words
    article.search_terms = rendered.search_terms
    article.render_key = render_key
    article.html_text = None if stored else rendered.html
    article.html_file = stored
    source.rendered = rendered


def _read_all(content_dir: Path, cache: ArticleCache, problems: Problems) -> list[Source]:
    seen: dict[str, str] = {}
    sources: list[Source] = []
    shown_root = display_path(content_dir, content_dir.parent)  # files are named from the content folder's parent
    for item in scan(content_dir, problems):  # only regular files within their size limit; the rest are reported
        if not item.relative.endswith(".md"):
            continue
        path, relative, symlink = item.path, item.relative, item.symlink
        where = display_path(path, content_dir.parent) if symlink else f"{shown_root}/{relative}"
        slug = path.stem
        if not SLUG_RE.match(slug):
            problems.error(where, None, f'the file name "{path.name}" cannot be used as a web address', f'rename it to "{ascii_slug(slug) or "article"}.md" (lower-case letters, digits and hyphens)')
            continue
        if slug in seen:
            problems.error(where, 1, f'the slug "{slug}" is already used by {seen[slug]}', "rename one of the two files; the file name is the page's address")
            continue
        seen[slug] = where
        if cache.hash_when_read:
            sources.append(Source(path, relative, where, None, None, symlink=symlink))
            continue
        file_hash = cache.file_hash(path, relative)
        key = source_key(relative, where, file_hash)
        entry = cache.lookup(relative, key) if file_hash else None
        sources.append(Source(path, relative, where, key, entry.article if entry else None, entry, symlink=symlink))
    return sources


def _check_site_rules(
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
