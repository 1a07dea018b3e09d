"""Build and check the site: validate, render what changed into a temporary folder, then put it in place."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Flask

from . import create_app, crisis
from .articlecache import ArticleCache, read_html
from .cache import CacheDamaged, cache_folder_for
from .catalog import collector_paused, is_source
from .config import Config
from .errors import ContentError, Problem, ThawError, display_path
from .freeze import WORKERS, expected_pages, freeze
from .manifest import Manifest, PageKeys, content_hashes, file_stats, input_key, page_keys
from .linkcheck import BrokenLink, check_links
from .headers import write_header_files
from .offline import write_service_worker
from .prose import ProseReport, review_prose


@dataclass
class BuildResult:
    """What a build or check did, for the command line's summary."""

    pages: int
    articles: int
    seconds: float
    output: Path | None
    warnings: list[Problem] = field(default_factory=list)
    links_checked: int = 0
    unreviewed: int = 0
    rendered: int | None = None  # pages rendered this time (the rest were reused); None for a check


ProgressFactory = Callable[[int], Callable[[str], None]]


def prepare(config: Config, strict: bool, today: dt.date | None = None, cache: ArticleCache | None = None, workers: int = 1) -> Flask:
    """Load and validate everything; in strict mode warnings and unreviewed pages fail too."""
    app = create_app(config, today=today, cache=cache, workers=workers)
    catalog = app.extensions["thaw"].catalog
    if strict and (catalog.warnings or catalog.unreviewed):
        raise ContentError(catalog.warnings + catalog.unreviewed)
    return app


def _refuse_dangerous_output(config: Config) -> None:
    output = config.output_dir.resolve()
    content = config.content_dir.resolve()
    project = config.path.resolve().parent if config.path else Path.cwd().resolve()
    if output == content or content.is_relative_to(output) or output.is_relative_to(content):
        raise ThawError(f"{config.output_dir}: the output folder overlaps the content folder — choose another --output")
    if output == project or project.is_relative_to(output) or output == Path(output.anchor):
        raise ThawError(f"{config.output_dir}: the output folder would replace the project folder — choose a folder such as _site")


def build(
    config: Config,
    *,
    strict: bool = False,
    progress: ProgressFactory | None = None,
    today: dt.date | None = None,
    incremental: bool = True,
) -> BuildResult:
    """Validate, render and freeze into a temporary folder, then replace the output in one step.

    A failed build removes its temporary folder and leaves the previous output as it was. With `incremental`
    (the default), what the last build made is reused where its inputs are unchanged: articles are not
    rendered again, unchanged pages stay where they are, and a build with no change at all stops after
    hashing its inputs. The output is the same, byte for byte, as a build from nothing.
    """
    started = time.perf_counter()
    _refuse_dangerous_output(config)
    today = today or dt.date.today()
    output = config.output_dir
    cache_dir = cache_folder_for(output)
    if not incremental:
        shutil.rmtree(cache_dir, ignore_errors=True)
    previous = Manifest.load(cache_dir) if incremental and output.is_dir() else None
    if previous is not None and not previous.intact(output):
        previous = None  # someone changed the output: nothing in it can be trusted
    hashes: dict[str, str] | None = None  # from nothing, each article is hashed as it is read (ArticleCache.hash_when_read)
    inputs: str | None = None
    if previous is not None:
        hashes = content_hashes(config.content_dir) if config.content_dir.is_dir() else {}
        inputs = input_key(config, today, strict, hashes)
        if previous.inputs == inputs:
            return BuildResult(previous.page_count, previous.article_count, time.perf_counter() - started, output, previous.warnings, unreviewed=len(previous.unreviewed), rendered=0)
    with collector_paused():
        try:
            return _build(config, strict, progress, today, inputs, hashes, previous, started)
        except CacheDamaged:
            shutil.rmtree(cache_dir, ignore_errors=True)  # start again from nothing rather than use a damaged file
            return _build(config, strict, progress, today, inputs, hashes, None, started)


def _build(
    config: Config,
    strict: bool,
    progress: ProgressFactory | None,
    today: dt.date,
    inputs: str | None,
    hashes: dict[str, str] | None,
    previous: Manifest | None,
    started: float,
) -> BuildResult:
    """Render what changed into a temporary folder, then put it in place.

    From nothing, the temporary folder becomes the output in one rename. On top of an intact earlier build, only
    the pages whose key changed are rendered; once every page has been made, they are moved into the output
    one file at a time (each move atomic) and pages that no longer exist are removed.
    """
    output = config.output_dir
    cache_dir = cache_folder_for(output)
    # Without the hashes of every content file, those of all but the articles are taken now (as the build starts,
    # so that an edit made meanwhile is noticed by the next build); the articles' come from reading them.
    others = content_hashes(config.content_dir, skip=is_source) if hashes is None and config.content_dir.is_dir() else {}
    cache = ArticleCache(cache_dir, hashes)
    app = prepare(config, strict, today, cache, WORKERS)
    if inputs is None:
        inputs = input_key(config, today, strict, others | cache.hashes)
    keys = page_keys(app, previous)
    _check_cached_html(app, keys, previous)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    pages: dict[str, tuple[str, str]] = {}

    def reuse(url: str, file: str) -> bool:
        """Keep the previous build's file when the page's key has not changed."""
        pages[url] = (keys.of(url), file)
        return previous.pages.get(url) == pages[url]  # type: ignore[union-attr]

    def record(url: str, written: Path) -> tuple[str, int, int, tuple[str, str] | None]:
        """From nothing, each page's key and file stats are worked out by the process that wrote it."""
        stat = written.stat()
        return keys.of(url), stat.st_size, stat.st_mtime_ns, keys.shown_of(url)

    try:
        callback = progress(expected_pages(app)) if progress else None
        catalog = app.extensions["thaw"].catalog
        if previous is None:
            frozen = freeze(app, staging, callback, record=record)
            files = {}
            for url, (key, size, mtime, shown) in frozen.records.items():
                pages[url] = (key, frozen.files[url])
                files[frozen.files[url]] = (size, mtime)
                if shown:
                    keys.shown[shown[0]] = shown[1]
            files.update(_write_extras(app, staging))
            _swap_into_place(staging, output)  # a rename keeps every file's time
        else:
            frozen = freeze(app, staging, callback, reuse=reuse)
            files = _move_into_place(staging, output, previous, {file for _, file in pages.values()})
            files.update(_write_extras(app, output))
        Manifest(inputs, pages, files, len(frozen.files), len(catalog.articles), catalog.warnings, catalog.unreviewed, keys.shared, keys.shown).save(cache_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(len(frozen.files), len(catalog.articles), time.perf_counter() - started, output, catalog.warnings, unreviewed=len(catalog.unreviewed), rendered=frozen.rendered)


def _check_cached_html(app: Flask, keys: PageKeys, previous: Manifest | None) -> None:
    """Before any page is rendered, check the cached HTML of every article whose page must be made again.

    A damaged file raises CacheDamaged here, where the build can start again from nothing, rather than in a worker.
    """
    script_name = urlsplit(app.config["FREEZER_BASE_URL"] or "").path.rstrip("/")
    for article in app.extensions["thaw"].catalog.articles.values():
        if not (article.from_cache and article.html_file):
            continue
        url = unquote(article.url)[len(script_name) :]
        if previous is None or previous.pages.get(url, ("",))[0] != keys.of(url):
            read_html(article.html_file)


EXTRAS = ("_headers", "_nginx.conf", "sw.js")


def _write_extras(app: Flask, folder: Path) -> dict[str, tuple[int, int]]:
    """The files made after freezing: host header files and the offline service worker."""
    config: Config = app.extensions["thaw"].config
    for name in EXTRAS:
        (folder / name).unlink(missing_ok=True)
    write_header_files(folder, config.base_path)
    if config.offline:
        write_service_worker(folder, config.base_path, (Path(app.root_path) / "static" / "sw.template.js").read_text(encoding="utf-8"))
    stats = {}
    for name in EXTRAS:
        if (folder / name).is_file():
            stat = (folder / name).stat()
            stats[name] = (stat.st_size, stat.st_mtime_ns)
    return stats


def _move_into_place(staging: Path, output: Path, previous: Manifest, wanted: set[str]) -> dict[str, tuple[int, int]]:
    """Move each new file over its old version, remove the files no page makes any more; return the output's file stats."""
    files = {f: stat for f, stat in previous.files.items() if f in wanted}
    for relative, stat in file_stats(staging).items():
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / relative, target)
        files[relative] = stat
    for relative in set(previous.files) - wanted - set(EXTRAS):
        (output / relative).unlink(missing_ok=True)
        parent = (output / relative).parent
        while parent != output and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return files


def _swap_into_place(staging: Path, output: Path) -> None:
    os.chmod(staging, 0o755)
    if not output.exists():
        staging.rename(output)
        return
    if not output.is_dir():
        raise ThawError(f"{output}: exists and is not a folder — remove it or choose another --output")
    retired = output.parent / f".{output.name}.old-{os.getpid()}"
    output.rename(retired)
    try:
        staging.rename(output)
    except OSError:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)


@dataclass
class CheckReport:
    """What `check` found: the build's figures, broken links and each article's prose report."""

    result: BuildResult
    broken: list[BrokenLink]
    prose: list[ProseReport]
    unreviewed: list[Problem]

    @property
    def warnings(self) -> list[Problem]:
        return self.result.warnings + [p for report in self.prose for p in report.problems]


def check(config: Config, *, strict: bool = False, today: dt.date | None = None) -> CheckReport:
    """Everything `build` validates, plus a link check of the rendered pages and the prose checks; writes no output."""
    started = time.perf_counter()
    today = today or dt.date.today()
    app = create_app(config, today=today, workers=WORKERS)
    with tempfile.TemporaryDirectory(prefix="thaw-check-") as folder:
        pages = len(freeze(app, Path(folder)).files)
        broken, checked = check_links(Path(folder), config.base_path)
    catalog = app.extensions["thaw"].catalog
    prose = [review_prose(article, today) for article in catalog.articles.values()]
    shipped = crisis.region(config.region).services
    crisis_warnings = crisis.stale(shipped, today, "site/data/crisis.toml") + crisis.stale(config.local_services, today, display_path(config.path) if config.path else "config")
    result = BuildResult(pages, len(catalog.articles), time.perf_counter() - started, None, catalog.warnings + crisis_warnings, checked)
    report = CheckReport(result, broken, prose, catalog.unreviewed)
    if strict and (report.warnings or report.unreviewed):
        raise ContentError(report.warnings + report.unreviewed)
    return report
