"""Load the content folder into a catalog: read, validate, render (reusing what has not changed), link and relate.

Rendering many articles is handed to a `map` from the caller (build/workers.py forks processes for it); this module
knows nothing of processes or of where renderings are kept between loads (catalog/reuse.py says what it asks of them).
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import gc
import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from thaw.catalog.catalog import Catalog, relate
from thaw.catalog.reuse import Entry, Reuse
from thaw.catalog.rules import SiteRules, check_site_rules
from thaw.catalog.translations import link_translations
from thaw.config.settings import Config
from thaw.content.article import Article, StoredHTML, read_article
from thaw.content.glossary import GLOSSARY_SLUG, terms_of
from thaw.content.links import file_problem, resolve_internal_links
from thaw.content.references import Reference, load_references
from thaw.errors import ContentError, Problem, Problems, display_path
from thaw.markdown.parser import parser
from thaw.markdown.render import Rendered, RenderContext, citations_in_order, render_article
from thaw.util.hashing import digest
from thaw.util.languages import is_language_code
from thaw.util.suggest import did_you_mean
from thaw.util.text import SLUG_RE, ascii_slug

T = TypeVar("T")
R = TypeVar("R")
# Applies a function to every item and returns the results in order; may run `idle` while it waits (build/workers.py).
JobMap = Callable[[Callable[[Any], Any], Sequence[Any], "Callable[[], None] | None"], list[Any]]


def serial_map(function: Callable[[T], R], items: Sequence[T], idle: Callable[[], None] | None = None) -> list[R]:
    """Each item in turn, in this process."""
    return [function(item) for item in items]


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
    cache: Reuse | None = None,
    map_jobs: JobMap = serial_map,
    idle: Callable[[], None] | None = None,
) -> Catalog:
    """The catalog of the default language's edition (see load_editions); raise ContentError listing all problems."""
    editions = load_editions(config, lambda language: url_of, lambda language: media_url, lambda language: exercise_urls or {},
                             include_drafts=include_drafts, today=today, cache=cache, map_jobs=map_jobs, idle=idle)
    return editions[config.language]


def load_editions(
    config: Config,
    url_of: Callable[[str], Callable[[Article], str]],
    media_url: Callable[[str], Callable[[str], str]],
    exercise_urls: Callable[[str], dict[str, str]] | None = None,
    *,
    include_drafts: bool = False,
    today: dt.date | None = None,
    cache: Reuse | None = None,
    map_jobs: JobMap = serial_map,
    idle: Callable[[], None] | None = None,
    speak: Callable[[str], None] = lambda language: None,
) -> dict[str, Catalog]:
    """Read, validate, link and render every article of every language; raise ContentError listing all problems.

    The default language's pages are content/ (but the other languages' folders); a translation's are content/<code>/,
    each naming its original (catalog/translations.py). `url_of(language)`, `media_url(language)` and
    `exercise_urls(language)` give each edition's addresses; `speak(language)` makes the few words rendering adds (a
    table's label) that edition's. Articles whose file and surroundings are unchanged come from `cache` instead of
    being parsed again; the rest are rendered by `map_jobs` (build/workers.py hands in one that forks processes, and
    runs `idle` while they work). Exercises' addresses are links an article may use and slugs no article may take.
    Either way the result is the same.
    """
    with collector_paused():
        problems = Problems()
        cache = cache if cache is not None else Reuse()
        content_dir = config.content_dir
        if not content_dir.is_dir():
            problems.error(display_path(content_dir), None, "the content folder does not exist", "create it or pass --content DIR")
            problems.raise_if_errors(ContentError)
        sources = _read_all(content_dir, cache, problems, config.languages)
        shared_references = load_references(content_dir, problems)
        editions: dict[str, Catalog] = {}
        demoted: set[str] = set()
        for language in config.languages:
            folder = "" if language == config.language else language
            speak(language)
            references = shared_references if not folder else _merged(shared_references, load_references(content_dir, problems, folder), content_dir, folder, problems)
            edition = dataclasses.replace(config, language=language)
            own = [s for s in sources if _folder_of(s.relative, config.languages) == folder]
            editions[language] = _load(edition, own, references, url_of(language), media_url(language), exercise_urls(language) if exercise_urls else {},
                                       include_drafts, today or dt.date.today(), cache, map_jobs, problems, demoted, idle if not folder else None)
        speak(config.language)
        link_translations(editions, config, problems)
        draft_warnings = [dataclasses.replace(p, warning=True) for p in problems.items if p.path in demoted]
        problems.items = [p for p in problems.items if p.path not in demoted]
        if problems.errors:
            raise ContentError(problems.errors, warnings=problems.warnings + draft_warnings)
        cache.save()
        anyone = set().union(*(catalog.own_paths for catalog in editions.values()))
        for language, catalog in editions.items():  # each edition's warnings; those of no article's file go to the default's
            default = language == config.language
            catalog.draft_warnings = [p for p in draft_warnings if p.path in catalog.draft_paths or default and p.path not in anyone]
            catalog.warnings = [p for p in problems.warnings if p.path in catalog.own_paths or default and p.path not in anyone]
        return editions


def _folder_of(relative: str, languages: tuple[str, ...]) -> str:
    """The language folder a content file is in ("es" for es/understanding/x.md), or "" for the default language."""
    first, slash, _ = relative.partition("/")
    return first if slash and first in languages[1:] else ""


def _merged(shared: dict[str, Reference], own: dict[str, Reference], content_dir: Path, folder: str, problems: Problems) -> dict[str, Reference]:
    """A translation's references: content/references.yaml and its own folder's (a key in both is an error)."""
    where = display_path(content_dir / folder / "references.yaml", content_dir.parent)
    for key in own.keys() & shared.keys():
        problems.error(where, None, f'the reference "{key}" is also in content/references.yaml', "give the translation's reference another key, or use the shared one")
    return shared | own


def _load(
    config: Config,
    sources: list[Source],
    references: dict[str, Reference],
    url_of: Callable[[Article], str],
    media_url: Callable[[str], str],
    exercise_urls: dict[str, str],
    include_drafts: bool,
    today: dt.date,
    cache: Reuse,
    map_jobs: JobMap,
    problems: Problems,
    demoted: set[str],
    idle: Callable[[], None] | None = None,
) -> Catalog:
    """One language's edition: render, validate, link and relate its articles (problems are added to `problems`)."""
    content_dir = config.content_dir
    rules = SiteRules(config, include_drafts, exercise_urls)
    base = config.base_path if config.language == config.languages[0] else f"{config.base_path}{config.language}/"
    context = RenderContext(content_dir, exercise_urls, media_url, base, config.region, config.language)
    glossary = next((s for s in sources if s.path.stem == GLOSSARY_SLUG), None)
    if glossary:
        _render_all([glossary], context, rules, cache, serial_map, problems, glossary=True)
        if glossary.article is not None and rules.publishes(glossary.article):
            terms = tuple(terms_of(glossary.article))
            if terms:
                context = dataclasses.replace(context, glossary_url=url_of(glossary.article), terms=terms)
    _render_all([s for s in sources if s is not glossary], context, rules, cache, map_jobs, problems, idle=idle)
    sources = [s for s in sources if s.article is not None]  # every file read (one with errors is an incomplete article)
    articles = [source.article for source in sources]
    unreviewed: list[Problem] = []
    published, drafts = check_site_rules(articles, config, references, rules, today, problems, unreviewed)
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
    # While drafts are not shown, a draft's problems are warnings: it is not published, so it cannot break the site.
    mine = {s.where for s in sources if s.article.draft} if not include_drafts else set()
    demoted |= mine
    faulty = {p.path for p in problems.errors} - demoted  # files that fail this load by themselves
    root = content_dir.resolve()
    every = {s.relative_resolved(root): s.article for s in sources}
    # A published page links to published pages, or to a file whose own problems are already reported (no cascade).
    by_relative = {relative: a for relative, a in every.items() if id(a) in publishing or a.display in faulty}
    draft_paths = {relative: a for relative, a in every.items() if relative not in by_relative}
    hidden_paths = {relative: a for relative, a in draft_paths.items() if rules.valid(a) and not config.shows(a.section)}
    for source in sources:
        if source.rendered and source.rendered.links:
            if id(source.article) in publishing:
                source.article.link_urls = resolve_internal_links(source.article, source.rendered.links, by_relative, draft_paths, problems, hidden_paths)
            else:  # an unpublished page may link to any file
                resolve_internal_links(source.article, source.rendered.links, every, {}, problems)
    catalog = relate(published, config, references, images, [])
    catalog.unreviewed = unreviewed
    catalog.draft_paths = mine
    catalog.own_paths = {s.where for s in sources}
    catalog.by_path = {s.relative.removesuffix(".md"): s.article for s in sources if id(s.article) in publishing}
    return catalog


@dataclass
class Source:
    """One content file on its way through the build: where it is, its article, and its rendering once done."""

    path: Path
    relative: str
    where: str
    key: str | None  # None until a worker has read the file, in a build from nothing (Reuse.hash_when_read)
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


# (the article, its rendering, problems, render key, stored HTML, the file's source key and SHA-256 when the job hashed it)
JobResult = tuple[Article | None, Rendered | None, list[Problem], str, StoredHTML | None, str, str]


@dataclass
class Job:
    """One article to read and render again, and what came of it."""

    path: Path
    relative: str
    slug: str
    where: str
    key: str | None  # None: hash the file while reading it
    article: Article | None  # known when only the surroundings changed


def _render_all(
    sources: list[Source],
    context: RenderContext,
    rules: SiteRules,
    cache: Reuse,
    map_jobs: JobMap,
    problems: Problems,
    *,
    glossary: bool = False,
    idle: Callable[[], None] | None = None,
) -> None:
    """Reuse every kept rendering that is still valid; read and render the rest with `map_jobs`."""
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
    parser(True), parser(False)  # built once, before any worker process starts, so that every worker shares it
    results = map_jobs(partial(_run_job, context=context, rules=rules, cache=cache, glossary=glossary), jobs, idle)
    for source, result in zip(todo, results):
        article, rendered, found, render_key, stored, key, file_hash = result
        if file_hash:  # what the cache and the next build know the file by: the bytes its reader read
            source.key = key
            cache.record_read(source.relative, file_hash)
        problems.items.extend(found)
        if article is None or rendered is None:
            continue
        source.article = article
        if not rendered.errors and article.complete:  # its front matter alone is kept (made here rather than sent back from the worker)
            cache.keep(source.relative, Entry(source.key, _front_matter_only(article), context_keys[rules.publishes(article)], rendered, render_key, stored))
        _apply(source, rendered, render_key, stored)


def _context_key(context: RenderContext, publish: bool, glossary: bool) -> str:
    return digest(context.key, publish, glossary)


def _run_job(job: Job, context: RenderContext, rules: SiteRules, cache: Reuse, glossary: bool) -> JobResult:
    """Read (unless only the surroundings changed) and render one article; see JobResult."""
    found = Problems()
    article = dataclasses.replace(job.article) if job.article is not None else None
    key, file_hash = job.key or "", ""
    if article is None or not article.body:
        bytes_read: list[bytes] = []
        article = read_article(job.path, job.slug, job.where, found, bytes_read.append, partial=True)
        if bytes_read:  # hashed here, as it is read: a file saved since the build hashed it is known by what was rendered
            file_hash = hashlib.sha256(bytes_read[0]).hexdigest()
            key = cache.source_key(job.relative, job.where, file_hash)
    if article is None:
        return None, None, found.items, "", None, key, file_hash
    publish = rules.publishes(article)
    rendered = render_article(article, context, publish=publish, glossary=glossary)
    render_key = digest(key, _context_key(context, publish, glossary))
    stored = None
    if not rendered.errors:
        stored = cache.store_html(rendered.html, render_key)
    if stored is not None:
        rendered = dataclasses.replace(rendered, html="")
        article.body = ""  # not needed again, and not worth sending back
    return article, rendered, found.items, render_key, stored, key, file_hash


def _front_matter_only(article: Article) -> Article:
    kept = copy.copy(article)  # by its fields (pickling.by_fields): several times faster than dataclasses.replace
    kept.body, kept.tokens, kept.env, kept.html_text, kept.html_file, kept.link_urls = "", [], {}, None, None, ()
    return kept


def _still_valid(entry: Entry, context: RenderContext) -> bool:
    """A cached rendering also depends on its pictures and handouts still being there and fit to publish."""
    return all((path := context.content_dir / relative).is_file() and file_problem(str(path), relative) is None for relative in entry.rendered.images)


def _use(source: Source, entry: Entry, cache: Reuse) -> None:
    cache.keep(source.relative, entry)
    _apply(source, entry.rendered, entry.render_key, entry.stored)
    assert source.article is not None
    source.article.from_cache = True


def _apply(source: Source, rendered: Rendered, render_key: str, stored: StoredHTML | None) -> None:
    """Give the article what rendering found; its HTML stays in the cache's pack when it was stored there."""
    article = source.article
    article.headings = rendered.headings
    article.words = rendered.words
    article.search_terms = rendered.search_terms
    article.render_key = render_key
    article.html_text = None if stored else rendered.html
    article.html_file = stored
    source.rendered = rendered


def _read_all(content_dir: Path, cache: Reuse, problems: Problems, languages: tuple[str, ...] = ("en",)) -> list[Source]:
    seen: dict[tuple[str, str], str] = {}  # (language folder, slug) -> the file that has it
    sources: list[Source] = []
    shown_root = display_path(content_dir, content_dir.parent)  # files are named from the content folder's parent
    for item in cache.scan(content_dir, problems):  # only regular files within their size limit; the rest are reported
        if not item.relative.endswith(".md"):
            continue
        path, relative, symlink = item.path, item.relative, item.symlink
        where = display_path(path, content_dir.parent) if symlink else f"{shown_root}/{relative}"
        slug = path.stem
        folder = _folder_of(relative, languages)
        language = relative.partition("/")[0]
        if not folder and "/" in relative and _names_a_language(language, languages):
            problems.error(where, None, f'a page in the folder for "{language}", a language the config does not list', f'add "{language}" to languages in thaw.toml ([site] languages = ["{languages[0]}", "{language}"]), or move the page out of content/{language}/')
            continue
        if not SLUG_RE.match(slug):
            problems.error(where, None, f'the file name "{path.name}" cannot be used as a web address', f'rename it to "{ascii_slug(slug) or "article"}.md" (lower-case letters, digits and hyphens)')
            continue
        if (folder, slug) in seen:
            problems.error(where, 1, f'the slug "{slug}" is already used by {seen[folder, slug]}', "rename one of the two files; the file name is the page's address")
            continue
        seen[folder, slug] = where
        if cache.hash_when_read:
            sources.append(Source(path, relative, where, None, None, symlink=symlink))
            continue
        file_hash = cache.file_hash(path, relative)
        key = cache.source_key(relative, where, file_hash)
        entry = cache.lookup(relative, key) if file_hash else None
        sources.append(Source(path, relative, where, key, entry.article if entry else None, entry, symlink=symlink))
    return sources


def _names_a_language(name: str, languages: tuple[str, ...]) -> bool:
    """Is a top-level content folder named like a translation ("es", "fr", "pt-BR"), rather than a section?"""
    return name not in languages and is_language_code(name)
