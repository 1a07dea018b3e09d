"""The site's loaded content, held by the app; the dev server reloads it when files change."""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import time
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from flask import Flask, has_request_context, request, url_for

from thaw.catalog.catalog import Catalog
from thaw.catalog.load import JobMap, load_editions, serial_map
from thaw.catalog.reuse import Reuse
from thaw.config.interface import Interface, interface
from thaw.config.settings import Config, load_config
from thaw.util import translation
from thaw.content.article import Article
from thaw.errors import ContentError, Problem, ProblemsFound
from thaw.web.fingerprint import Asset, collect
from thaw.web.frame import Frame
from thaw.content.search import SearchIndex, build_index, documents_of


class SiteState:
    """Holds the config and catalog; in dev mode, reloads them when their files change."""

    def __init__(
        self,
        app: Flask,
        config: Config,
        *,
        dev: bool,
        drafts: bool = False,
        today: dt.date | None,
        config_overrides: dict | None = None,
        cache: Reuse | None = None,
        map_jobs: JobMap | None = None,
        exercise_urls: Callable[[], dict[str, str]] = dict,
        exercise_pages: Callable[[], Iterable[tuple[str, dict[str, str]]]] = tuple,
    ) -> None:
        self.app, self.config, self.dev, self.today = app, config, dev, today
        self.drafts = drafts or dev  # drafts published (their problems are errors): the dev server, and check --drafts
        self.config_overrides = config_overrides or {}
        self.cache = cache if cache is not None else Reuse()  # in memory: the dev server re-renders only what changed
        self.map_jobs = map_jobs or serial_map  # build/workers.forked_map from the build and the dev server
        self.exercise_urls, self.exercise_pages = exercise_urls, exercise_pages  # from web/exercises, by create_app
        self.generation = 0  # counts loads, so anything remembered from an older site is not reused
        self._search_indexes: dict[str, SearchIndex] = {}
        self.catalogs: dict[str, Catalog] = {}  # by language: each edition's (content/ and content/<code>/)
        self.interfaces: dict[str, Interface] = {}
        self.error: ProblemsFound | None = None
        self.stamp = ""
        self._checked = 0.0
        self.assets: dict[str, Asset] = {}
        self.assets_by_hash: dict[str, Asset] = {}
        # url_for's answers by (mount point, endpoint, arguments): a page asks for the same few dozen URLs every time
        self.urls: dict[tuple[Any, ...], str] = {}  # (mount point, endpoint, *sorted arguments) -> URL
        self.frames: dict[tuple[str, Hashable], Frame | None] = {}  # page frames by (mount point, family): frame.render_framed

    def load(self) -> None:
        """Read and render all content; in dev mode keep the error instead of raising it."""
        self.generation += 1
        self.frames = {}
        self.stamp = self.fingerprint() if self.dev else ""  # only the dev server watches files
        self.assets = collect(self.config)
        self.assets_by_hash = {a.hashed: a for a in self.assets.values()}
        config = self.config
        self.interfaces = {language: interface(language) for language in config.languages}
        try:
            with self.app.test_request_context("/", base_url=self._request_base()):
                root = request.script_root

                def within(language: str, make: Callable[..., str]) -> Callable[..., str]:
                    """An address made by `make` (url_for at the default edition's root), in `language`'s edition."""
                    if language == config.language:
                        return make
                    return lambda *args: f"{root}/{language}{make(*args)[len(root):]}"

                catalogs = load_editions(
                    config,
                    url_of=lambda language: within(language, lambda a: url_for("pages.article", section=a.section, slug=a.slug)),
                    media_url=lambda language: within(language, lambda rel: url_for("pages.media", filename=rel)),
                    exercise_urls=lambda language: {slug: within(language, lambda: url)() if url else "" for slug, url in self.exercise_urls().items()},
                    include_drafts=self.drafts,
                    today=self.today,
                    cache=self.cache,
                    map_jobs=self.map_jobs,
                    idle=self._prepare_pages,
                    speak=lambda language: translation.use(self.interfaces[language].translations, language),
                )
                for language, catalog in catalogs.items():  # every article's address is known now: pages need not ask again
                    mount = root if language == config.language else f"{root}/{language}"
                    for article in catalog.articles.values():
                        self.urls[(mount, "pages.article", ("section", article.section), ("slug", article.slug))] = article.url
            self._add_interface_problems(catalogs)
            self.catalogs = catalogs
            self.error = None
            self._search_indexes = {}
        except ProblemsFound as exc:
            if not self.dev:
                raise
            self.catalogs, self.error = {}, exc

    def _add_interface_problems(self, catalogs: dict[str, Catalog]) -> None:
        """A language's interface translations: a broken file stops the build; a missing message is a warning."""
        errors = [p for language in catalogs for p in self.interfaces[language].problems if not p.warning]
        if errors:
            raise ContentError(errors, warnings=[w for c in catalogs.values() for w in c.warnings])
        for language, catalog in catalogs.items():
            catalog.warnings = catalog.warnings + [p for p in self.interfaces[language].problems if p.warning]

    @property
    def language(self) -> str:
        """The language of the page being made: its edition's (from its address), else the default."""
        if len(self.config.languages) == 1:  # asked several times a page: a site of one language needs no lookup
            return self.config.language
        if has_request_context():
            return request.environ.get("thaw.language") or self.config.language
        return self.config.language

    @property
    def catalog(self) -> Catalog | None:
        """The catalog of the edition of the page being made (None while the content has problems)."""
        return self.catalogs.get(self.language) if self.catalogs else None

    @property
    def articles(self) -> list[Article]:
        """Every published article of every edition."""
        return [a for catalog in self.catalogs.values() for a in catalog.articles.values()]

    @property
    def warnings(self) -> list[Problem]:
        """Every edition's warnings (a draft's aside)."""
        return [p for catalog in self.catalogs.values() for p in catalog.warnings]

    @property
    def unreviewed(self) -> list[Problem]:
        return [p for catalog in self.catalogs.values() for p in catalog.unreviewed]

    @property
    def draft_warnings(self) -> list[Problem]:
        return [p for catalog in self.catalogs.values() for p in catalog.draft_warnings]

    def speak(self) -> None:
        """Make pages in the language of the current request's edition (gettext, and the words of Python text)."""
        language = self.language
        found = self.interfaces.get(language)
        translation.use(found.translations if found else translation.NullTranslations(), language)

    def _prepare_pages(self) -> None:
        """While workers render the articles: compile every template and the URL map once and make every exercise
        page's address, before any process forks from this one to freeze pages, so that none of them does it again."""
        env = self.app.jinja_env
        for name in env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml", ".txt"))):
            try:
                env.get_template(name)
            except Exception:  # noqa: BLE001 - only a head start: a broken template is reported where a page uses it
                pass
        self.app.url_map.update()
        mimetypes.init()  # Frozen-Flask checks each file's type
        for language in self.config.languages:  # their addresses do not depend on the content: remember them now
            with self.app.test_request_context(self.edition_root(language), base_url=self._request_base()):
                for endpoint, values in self.exercise_pages():
                    self.url_for(endpoint, **values)

    def edition_root(self, language: str) -> str:
        """The path of a language's edition below the site's address: "/" for the default, "/es/" for Spanish."""
        return "/" if language == self.config.language else f"/{language}/"

    @property
    def search_index(self) -> SearchIndex:
        """The search index of the current edition's catalog, built on first use."""
        language = self.language
        found = self._search_indexes.get(language)
        if found is None:
            catalog = self.catalog
            assert catalog is not None
            titles = {page.section.id: page.section.title for page in catalog.sections}
            in_order = [article for page in catalog.sections for article in page.articles]  # ties go to the earlier page
            listed = {id(article) for article in in_order}
            in_order += [article for article in catalog.articles.values() if id(article) not in listed]
            interface = self.interfaces.get(language)
            with translation.speaking(interface.translations if interface else translation.NullTranslations(), language):  # section titles in it
                documents = documents_of(in_order, lambda section: str(titles.get(section, "")))
            found = self._search_indexes[language] = build_index(documents, language)
        return found

    def url_for(self, endpoint: str, **values: Any) -> str:
        """Flask's url_for, remembered per mount point (templates use it as url_for): a page asks for the same few dozen
        URLs every time, and an article's address is known from the load."""
        if endpoint[0] == ".":
            return url_for(endpoint, **values)
        for name in values:
            if name[0] == "_":  # _external, _anchor, …: asked for rarely, and never the same twice
                return url_for(endpoint, **values)
        key = (request.script_root, endpoint, *(sorted(values.items()) if len(values) > 1 else values.items()))
        found = self.urls.get(key)
        if found is None:
            found = self.urls[key] = url_for(endpoint, **values)
        return found

    def _request_base(self) -> str:
        return "http://localhost" + self.config.base_path

    def watched_files(self) -> list[Path]:
        roots = [self.config.content_dir, Path(self.app.root_path) / "templates", Path(self.app.root_path) / "static"]
        files = [p for root in roots if root.is_dir() for p in root.rglob("*") if p.is_file()]
        if self.config.path:
            files.append(self.config.path)
        return files

    def fingerprint(self) -> str:
        """A short hash of every watched file's name, size and modification time."""
        digest = hashlib.sha1()
        for path in sorted(self.watched_files()):
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest()[:12]

    def refresh_if_changed(self) -> None:
        """Dev mode: reload config and content when any watched file changed (checked at most five times a second).

        Only changed articles are rendered again (the in-memory cache keeps the rest), so a change shows within a
        second even on a site of thousands of articles.
        """
        now = time.monotonic()
        if not self.dev or now - self._checked < 0.2:
            return
        self._checked = now
        if self.fingerprint() == self.stamp:
            return
        try:
            if self.config.path:
                self.config = load_config(self.config.path, self.config_overrides)
        except ProblemsFound as exc:
            self.stamp, self.catalogs, self.error = self.fingerprint(), {}, exc
            self.generation += 1
            self.frames = {}
            return
        self.load()
