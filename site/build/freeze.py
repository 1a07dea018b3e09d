"""Freeze the Flask app into static files with Frozen-Flask; its warnings are errors."""
from __future__ import annotations

import gc
import os
import pickle
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from io import BytesIO
from typing import Any
from unicodedata import normalize

from flask import Flask, Response, request
from flask.testing import FlaskClient
from werkzeug.test import EnvironBuilder, TestResponse, run_wsgi_app
from flask_frozen import Freezer, FrozenFlaskWarning

from thaw.web import exercises
from thaw.errors import ThawError
from thaw.web.state import SiteState
from thaw.build.workqueue import WorkQueue, chunked


def make_freezer(app: Flask, destination: Path) -> Freezer:
    """A freezer writing into `destination` that knows every page of the catalog."""
    app.config["FREEZER_DESTINATION"] = str(destination.resolve())
    app.config["FREEZER_REMOVE_EXTRA_FILES"] = True
    # Static files are served fingerprinted through pages.asset, so Flask's own static folder is not frozen.
    # Every URL comes from site_pages (a test checks that no page links elsewhere), so url_for need not be logged.
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)
    site: SiteState = app.extensions["thaw"]

    @freezer.register_generator
    def pages() -> Iterator[str]:
        """Each page's address below the mount point, as Frozen-Flask would make it from the endpoint and arguments;
        the site remembers the addresses it has made (every article's, from loading it), so few are made again.
        A translated edition's pages are made at its own mount point (/es/…)."""
        mount = len(request.script_root)
        for endpoint, values in site_pages(site):
            yield site.url_for(endpoint, **values)[mount:]
        for language in site.config.languages[1:]:
            with app.test_request_context(site.edition_root(language), base_url=app.config["FREEZER_BASE_URL"] or None):
                for endpoint, values in site_pages(site):
                    yield site.url_for(endpoint, **values)[mount:]

    return freezer


# Every endpoint must have its pages frozen (a new route without them stops the build), except Flask's own static folder
# (Thaw serves its files fingerprinted, through pages.asset) and those a site may have none of: images, tags, and the
# articles (and so search files), sections or exercises of a site whose config hides them, or whose articles are all drafts (a new site, or
# one just imported).
MAY_HAVE_NO_PAGES = frozenset({"static", "pages.media", "pages.search_file", "pages.tag", "pages.article", "pages.section", "exercises.start", "exercises.step"})


# Files of the whole site, made once at its root rather than in every language's edition.
SITE_WIDE = frozenset({"pages.robots"})


def site_pages(site: SiteState) -> Iterator[tuple[str, dict[str, str]]]:
    """Every page of the site, as (endpoint, arguments): the catalog's, the exercises' and those without arguments.

    The pages that list many articles come first and the many small exercise pages last, so that the processes
    freezing them in turn finish together rather than one waiting for the other's long page."""
    catalog = site.catalog
    assert catalog is not None
    translated = site.language != site.config.language
    for rule in site.app.url_map.iter_rules():
        if not rule.arguments and "GET" in rule.methods and not (translated and rule.endpoint in SITE_WIDE):
            yield rule.endpoint, {}
    for page in catalog.sections:
        if page.articles or page.section.id == exercises.SECTION:
            yield "pages.section", {"section": page.section.id}
    for tag in catalog.tags:
        yield "pages.tag", {"tag": tag}
    if not translated:  # one copy of each asset, at the site's root: every edition's pages use it
        for asset in site.assets.values():
            yield "pages.asset", {"name": asset.hashed}
    for article in catalog.articles.values():
        yield "pages.article", {"section": article.section, "slug": article.slug}
    for name in sorted(site.search_index.files):
        yield "pages.search_file", {"name": name}
    for image in sorted(catalog.images):
        yield "pages.media", {"filename": image}
    yield from site.exercise_pages()  # none when the config hides the exercises


def expected_pages(app: Flask) -> int:
    """Roughly how many URLs a freeze writes, for the progress bar."""
    site = app.extensions["thaw"]
    exercises = sum(1 for _ in site.exercise_pages())
    return sum(8 + exercises + len(c.articles) + len(c.sections) + len(c.tags) + len(c.images) for c in site.catalogs.values())


class FreezingClient(FlaskClient):
    """The test client Frozen-Flask asks for each page, made cheap: one prepared WSGI environ, copied per GET, and the
    app's own response handed back (rather than serialised through WSGI and parsed into a second response).

    Frozen-Flask only ever calls get(url, follow_redirects=…, base_url=…) on it; the app, its routing, views, error
    handlers and templates run exactly as for any request. This takes most of the per-URL cost out of freezing.
    """

    environs: dict[str, dict[str, Any]] = {}

    def get(self, url: str, follow_redirects: bool = False, base_url: str | None = None, **kwargs: Any) -> Response:  # type: ignore[override]
        if kwargs or follow_redirects:
            return super().get(url, follow_redirects=follow_redirects, base_url=base_url, **kwargs)
        base = FreezingClient.environs.get(base_url or "")
        if base is None:
            base = FreezingClient.environs[base_url or ""] = EnvironBuilder(path="/", base_url=base_url).get_environ()
        environ = dict(base)
        path = url.encode("utf-8").decode("latin-1")  # WSGI carries the path's UTF-8 bytes as latin-1 text
        environ.update({"PATH_INFO": path, "REQUEST_URI": path, "RAW_URI": path, "wsgi.input": BytesIO(), "wsgi.errors": sys.stderr})
        app: Flask = self.application
        with app.request_context(environ):  # what Flask.wsgi_app does, up to the response
            try:
                response = app.full_dispatch_request()
            except Exception as exc:  # noqa: BLE001 - answered as Flask answers it (a 500 page), which the freezer refuses
                response = app.handle_exception(exc)
        if response.direct_passthrough:  # a file sent as it is (an image): read through WSGI, as any client would
            app_iter, status, headers = run_wsgi_app(response, environ, buffered=True)  # a response is a WSGI app
            return TestResponse(app_iter, status, headers, request=None)  # type: ignore[arg-type,return-value]
        return response


@dataclass
class Frozen:
    """What a freeze did: every URL of the site with its file, and which of them were rendered this time."""

    files: dict[str, str]  # url -> file path relative to the destination
    rendered: int
    records: dict[str, Any]  # url -> what `record` said of its page, for every page rendered this time


def freeze(
    app: Flask,
    destination: Path,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
    reuse: Callable[[dict[str, str]], set[str]] | None = None,
    record: Callable[[str, Path], Any] | None = None,
) -> Frozen:
    """Write every page into `destination`, except those `reuse(files)` says are already there (it is given every
    URL with its file, before any page is written).

    `record(url, path)` is asked about each page just after it is written to `path`, in whichever process wrote it (for
    example its key and file size): its answers come back in `Frozen.records`.

    With more than one worker (the default on a multi-core machine with fork), disjoint sets of URLs are
    frozen by forked processes that share the already-loaded catalog; the output is the same file for file.
    """
    freezer = make_freezer(app, destination)
    workers = workers if workers is not None else WORKERS
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenFlaskWarning)
        try:
            generated = list(freezer._generate_all_urls())
            freezer._check_endpoints({endpoint for endpoint, _ in site_pages(app.extensions["thaw"])} | MAY_HAVE_NO_PAGES)
            files = {url: normalize("NFC", freezer.urlpath_to_filepath(url)) for url in dict.fromkeys(url for url, _, _ in generated)}
            there = reuse(files) if reuse else set()
            todo = [url for url in files if url not in there]
            freezer.root.mkdir(parents=True, exist_ok=True)
            ordinary_client = app.test_client_class
            app.test_client_class = FreezingClient
            lean = app.test_client()
            app.test_client = lambda *args, **kwargs: lean  # type: ignore[method-assign]  # Frozen-Flask asks for one per page
            collecting = gc.isenabled()
            gc.freeze()  # the loaded site lives as long as the freeze: collections need not walk it
            gc.enable()  # pages make short-lived cycles (templates, requests); collect them as usual
            build_one = _recording(freezer, record)
            records: dict[str, Any] = {}
            app_context = app.app_context()  # one for every page, rather than one made and torn down per page
            app_context.push()
            try:
                if workers > 1 and hasattr(os, "fork") and len(todo) >= PARALLEL_FROM:
                    records = _freeze_in_workers(build_one, todo, workers)
                else:
                    for url in todo:
                        records.update(build_one(url))
                        if progress:
                            progress(url)
            finally:
                app_context.pop()
                app.test_client_class = ordinary_client
                del app.test_client  # the method again
                gc.unfreeze()
                if not collecting:
                    gc.disable()
            if progress and (workers > 1 or len(todo) < len(files)):
                for url in files:
                    progress(url)
            return Frozen(files, len(todo), records)
        except (FrozenFlaskWarning, ValueError) as exc:  # Frozen-Flask reports a page that failed as ValueError
            raise ThawError(f"freezing failed: {type(exc).__name__}: {exc}") from None


WORKERS = min(2, os.cpu_count() or 1)
PARALLEL_FROM = 64  # below this many pages, forking costs more than it saves
FREEZE_CHUNK = 16  # pages a process takes at a time


def _recording(freezer: Freezer, record: Callable[[str, Path], Any] | None) -> Callable[[str], dict[str, Any]]:
    """Freeze one URL and return {url: record(url, path written)} (or nothing without `record`)."""

    def build_one(url: str) -> dict[str, Any]:
        written = freezer._build_one(url)
        return {url: record(url, written)} if record else {}

    return build_one


def _freeze_in_workers(build_one: Callable[[str], dict[str, Any]], urls: list[str], workers: int) -> dict[str, Any]:
    """This process and forked workers freeze chunks of URLs, each taking the next chunk when it is free (so a
    slower core does less); any failure stops the build. Each worker sends back, once done, its failure (or "")
    and its pages' records."""
    chunks = chunked(urls, FREEZE_CHUNK)
    queue = WorkQueue(len(chunks))
    children: list[tuple[int, int]] = []
    for _ in range(1, workers):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: freeze chunks until none are left, report, and leave without running anything else
            os.close(read_end)
            failure, records = "", {}
            try:
                for number in queue:
                    for url in chunks[number]:
                        records.update(build_one(url))
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
                failure = describe(exc) or "failed"
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps((failure[:4000], records), protocol=pickle.HIGHEST_PROTOCOL))
            os._exit(1 if failure else 0)
        os.close(write_end)
        children.append((pid, read_end))
    failures = []
    records: dict[str, Any] = {}
    try:
        for number in queue:
            for url in chunks[number]:
                records.update(build_one(url))
    except Exception as exc:  # noqa: BLE001 - reported with the workers' failures
        failures.append(describe(exc))
        for _ in queue:  # leave nothing for the workers, so they stop soon
            pass
    finally:
        queue.close()
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            failure, found = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a worker that died before it could report
            failure, found = "", {}
        records.update(found)
        if status != 0:
            failures.append(failure or f"a freezing worker stopped with status {status}")
    if failures:
        raise ThawError("freezing failed: " + "; ".join(dict.fromkeys(failures)))  # each different failure once
    return records


def describe(exc: BaseException) -> str:
    """A failure in words: a file error names the file and what the system said ("…: No space left on device")."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return f"{type(exc).__name__}: {exc}"
