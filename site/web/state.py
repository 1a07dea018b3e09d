"""The site's loaded content, held by the app; the dev server reloads it when files change."""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import time
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from flask import Flask, request, url_for

from thaw.catalog.catalog import Catalog
from thaw.catalog.load import JobMap, load_catalog, serial_map
from thaw.catalog.reuse import Reuse
from thaw.config.settings import Config, load_config
from thaw.errors import ProblemsFound
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
        self._search_index: SearchIndex | None = None
        self.catalog: Catalog | None = None
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
        try:
            with self.app.test_request_context("/", base_url=self._request_base()):
                self.catalog = load_catalog(
                    self.config,
                    url_of=lambda a: url_for("pages.article", section=a.section, slug=a.slug),
                    media_url=lambda rel: url_for("pages.media", filename=rel),
                    exercise_urls=self.exercise_urls(),
                    include_drafts=self.drafts,
                    today=self.today,
                    cache=self.cache,
                    map_jobs=self.map_jobs,
                    idle=self._prepare_pages,
                )
                root = request.script_root  # the address of every article is known now: pages need not ask again
                for article in self.catalog.articles.values():
                    self.urls[(root, "pages.article", ("section", article.section), ("slug", article.slug))] = article.url
            self.error = None
            self._search_index = None
        except ProblemsFound as exc:
            if not self.dev:
                raise
            self.catalog, self.error = None, exc

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
        for endpoint, values in self.exercise_pages():  # their addresses do not depend on the content: remember them now
            self.url_for(endpoint, **values)

    @property
    def search_index(self) -> SearchIndex:
        """The search index of the current catalog, built on first use."""
        if self._search_index is None:
            assert self.catalog is not None
            catalog = self.catalog
            titles = {page.section.id: page.section.title for page in catalog.sections}
            in_order = [article for page in catalog.sections for article in page.articles]  # ties go to the earlier page
            listed = {id(article) for article in in_order}
            in_order += [article for article in catalog.articles.values() if id(article) not in listed]
            documents = documents_of(in_order, lambda section: titles.get(section, ""))
            self._search_index = build_index(documents, self.config.language)
        return self._search_index

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
            self.stamp, self.catalog, self.error = self.fingerprint(), None, exc
            self.generation += 1
            self.frames = {}
            return
        self.load()
