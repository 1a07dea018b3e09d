"""Build and check the site: validate, render what changed into a temporary folder, then put it in place."""
from __future__ import annotations

import datetime as dt
import errno
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Flask

from thaw.web import exercises
from thaw.web.app import create_app
from thaw.config import crisis
from thaw.build.articlecache import ArticleCache, read_html
from thaw.build.buildlock import build_lock, clear_cache
from thaw.build.cache import CacheDamaged, cache_folder_for
from thaw.build.templatecache import compiled_templates
from thaw.build.workers import forked_map
from thaw.catalog.load import collector_paused
from thaw.content.inputs import Scan, is_source
from thaw.config.settings import Config
from thaw.errors import ContentError, Problem, ProblemsFound, ThawError, display_path
from thaw.build.freeze import WORKERS, describe, expected_pages, freeze
from thaw.build.manifest import FileStat, Manifest, PageKeys, changed_since, content_hashes, file_stat, file_stats, input_key, page_keys
from thaw.build.linkcheck import BrokenLink, check_links
from thaw.web.headers import write_header_files
from thaw.build.offline import write_service_worker
from thaw.build.outputdir import MARKER, carry_kept, claim, clear_for_reuse, clear_path, keep_as_spare, kept_names, make_staging, publish, real_path, recover, share, take_spare
from thaw.markdown.prose import ProseReport, review_prose


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
    app = create_app(config, today=today, cache=cache, map_jobs=forked_map(workers), template_cache=compiled_templates())
    site = app.extensions["thaw"]
    if strict and (site.warnings or site.unreviewed):  # a draft's problems never fail a build: it is not published
        raise ContentError(site.warnings + site.unreviewed, warnings=site.draft_warnings)
    return app


def _refuse_dangerous_output(config: Config) -> None:
    """Refuse an output that overlaps the content or the project, or a folder Thaw did not make (nothing is deleted)."""
    output = config.output_dir.resolve()
    content = config.content_dir.resolve()
    project = config.path.resolve().parent if config.path else Path.cwd().resolve()
    if output == content or content.is_relative_to(output) or output.is_relative_to(content):
        raise ThawError(f"{config.output_dir}: the output folder overlaps the content folder — choose another --output")
    if output == project or project.is_relative_to(output) or output == Path(output.anchor):
        raise ThawError(f"{config.output_dir}: the output folder would replace the project folder — choose a folder such as _site")
    claim(config.output_dir, config.keep, lambda folder: _earlier_build(folder, cache_folder_for(config.output_dir), config.keep))


def _earlier_build(folder: Path, cache_dir: Path, keep: tuple[str, ...]) -> bool:
    """Did a Thaw build from before the marker make this folder? Its manifest must list every file in it, unchanged."""
    previous = Manifest.load(cache_dir)
    if previous is None or not previous.files or not previous.intact(folder):
        return False
    kept = kept_names(keep)
    return all(name in previous.files or name in kept or name.startswith(tuple(f"{k}/" for k in kept)) for name in file_stats(folder))


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
    with build_lock(cache_folder_for(config.output_dir), config.output_dir):
        recover(config.output_dir)
        return _build_locked(config, strict, progress, today, incremental, started)


def _build_locked(config: Config, strict: bool, progress: ProgressFactory | None, today: dt.date | None, incremental: bool, started: float) -> BuildResult:
    """The build, with the output's lock held: stop early when nothing changed, else render and publish."""
    today = today or dt.date.today()
    output = config.output_dir
    cache_dir = cache_folder_for(output)
    if not incremental:
        clear_cache(cache_dir)
    previous = Manifest.load(cache_dir) if incremental and output.is_dir() else None
    inodes: dict[str, int] = {}
    if previous is not None and not previous.intact(output, inodes):
        previous = None  # someone changed the output: nothing in it can be trusted
    hashes: dict[str, str] | None = None  # from nothing, each article is hashed as it is read (ArticleCache.hash_when_read)
    inputs: str | None = None
    scanned = Scan.of(config.content_dir) if config.content_dir.is_dir() else None  # listed once, for the hashes and the load
    if previous is not None:
        hashes = content_hashes(scanned) if scanned else {}
        inputs = input_key(config, today, strict, hashes)
        if previous.inputs == inputs:
            return BuildResult(previous.page_count, previous.article_count, time.perf_counter() - started, output, previous.warnings, unreviewed=len(previous.unreviewed), rendered=0)
    with collector_paused():
        try:
            return _build(config, strict, progress, today, inputs, hashes, previous, started, scanned, inodes)
        except CacheDamaged:
            clear_cache(cache_dir)  # start again from nothing rather than use a damaged file
            return _build(config, strict, progress, today, inputs, hashes, None, started, scanned)


def _build(
    config: Config,
    strict: bool,
    progress: ProgressFactory | None,
    today: dt.date,
    inputs: str | None,
    hashes: dict[str, str] | None,
    previous: Manifest | None,
    started: float,
    scanned: Scan | None = None,
    inodes: dict[str, int] | None = None,
) -> BuildResult:
    """Render what changed into a temporary folder, then put it in place.

    From nothing, every page is rendered into a new temporary folder. On top of an intact earlier build, the
    temporary folder is the site that build replaced (kept in the cache folder), or a new one: its files are made the
    published site's own (hard links) where a page's key has not changed, and the pages whose key changed are
    rendered into it. Either way the temporary folder, once complete, takes the output's place in one step
    (`outputdir.publish`), and the site it replaces is kept for the next build.
    """
    output = config.output_dir
    cache_dir = cache_folder_for(output)
    # Without the hashes of every content file, those of all but the articles are taken now (as the build starts,
    # so that an edit made meanwhile is noticed by the next build); the articles' come from reading them.
    others = content_hashes(scanned, skip=is_source) if hashes is None and scanned else {}
    cache = ArticleCache(cache_dir, hashes)
    cache.scanned = scanned
    app = prepare(config, strict, today, cache, WORKERS)
    read = others | cache.hashes  # each article as its reader hashed the bytes it read, so an edit made meanwhile is seen
    inputs = input_key(config, today, strict, read)
    keys = page_keys(app, previous)
    _check_cached_html(app, keys, previous)
    real = real_path(output)  # a symlinked output's target folder is what is replaced; the link stays
    spare = take_spare(cache_dir, real, previous is not None and previous.spare)
    staging = spare or make_staging(real)
    holds = previous.spare_files() if spare and previous else set()  # what the staging folder has, of the site's files
    pages: dict[str, tuple[str, str]] = {}
    files: dict[str, FileStat] = {}

    def reuse(frozen_files: dict[str, str]) -> set[str]:
        """Make the staging folder hold the previous build's file of every page whose key has not changed (and
        nothing of the pages to render, nor of those gone); those pages need not be rendered."""
        assert previous is not None
        wanted = set(frozen_files.values())
        if spare:
            clear_for_reuse(staging, config.keep, holds - wanted - {MARKER})
        there, made = set(), {""}
        source, target = f"{real}/", f"{staging}/"
        for url, file in frozen_files.items():
            pages[url] = (keys.of(url), file)
            if previous.pages.get(url) == pages[url] and file in previous.files:
                if share(source, target, file, inodes.get(file) if inodes else None, made):
                    files[file] = file_stat(Path(target + file))  # linking changed its change time
                else:
                    files[file] = previous.files[file]  # the very file, untouched
                there.add(url)
            elif spare:
                clear_path(target + file)  # never written into: it may be the published site's file too
        return there

    def record(url: str, written: Path) -> tuple[str, FileStat, tuple[str, str] | None]:
        """Each page's key and file stats are worked out by the process that wrote it."""
        return keys.of(url), file_stat(written), keys.shown_of(url)

    try:
        callback = progress(expected_pages(app)) if progress else None
        site = app.extensions["thaw"]
        with _not_written():  # until the swap below, the previous site has not been touched
            frozen = freeze(app, staging, callback, reuse=reuse if previous is not None else None, record=record)
            for url, (key, stat, shown) in frozen.records.items():
                pages[url] = (key, frozen.files[url])
                files[frozen.files[url]] = stat
                if shown:
                    keys.shown[shown[0]] = shown[1]
            files.update(_write_extras(app, staging))
        if _changed_meanwhile(config, read):
            inputs = CHANGED_MEANWHILE  # what was read is not what is there now: the next build must not stop early
        old = previous.files.keys() if previous else set()
        kept = previous is not None  # the site replaced is kept only when its files are known
        manifest = Manifest(inputs, pages, files, len(frozen.files), len(site.articles), site.warnings + site.draft_warnings, site.unreviewed,
                            keys.shared, keys.shown, kept, sorted(old - files.keys()), sorted(files.keys() - old))
        retire = (lambda folder: keep_as_spare(folder, cache_dir)) if kept else None
        _swap_into_place(staging, real, lambda: manifest.save(cache_dir), config, old, retire)  # a rename keeps every file's time
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(len(frozen.files), len(site.articles), time.perf_counter() - started, output, site.warnings + site.draft_warnings, unreviewed=len(site.unreviewed), rendered=frozen.rendered)


CHANGED_MEANWHILE = "a content file changed during the build"


def _changed_meanwhile(config: Config, read: dict[str, str]) -> bool:
    """Did a content file other than an article change since the build hashed it? (Articles are hashed as they are read.)"""
    return changed_since(config.content_dir, {relative: value for relative, value in read.items() if not is_source(relative)})


def _check_cached_html(app: Flask, keys: PageKeys, previous: Manifest | None) -> None:
    """Before any page is rendered, check the cached HTML of every article whose page must be made again.

    A damaged file raises CacheDamaged here, where the build can start again from nothing, rather than in a worker.
    """
    script_name = urlsplit(app.config["FREEZER_BASE_URL"] or "").path.rstrip("/")
    for article in app.extensions["thaw"].articles:
        if not (article.from_cache and article.html_file):
            continue
        url = unquote(article.url)[len(script_name) :]
        if previous is None or previous.pages.get(url, ("",))[0] != keys.of(url):
            read_html(article.html_file)


EXTRAS = ("_headers", "_nginx.conf", "sw.js")


def _write_extras(app: Flask, folder: Path) -> dict[str, FileStat]:
    """The files made after freezing: host header files and the offline service worker."""
    config: Config = app.extensions["thaw"].config
    for name in EXTRAS:
        (folder / name).unlink(missing_ok=True)
    write_header_files(folder, config.base_path)
    if config.offline and config.shows(exercises.SECTION):  # the offline copy is of the exercises
        editions = tuple(f"{language}/" for language in config.languages[1:])
        write_service_worker(folder, config.base_path, (Path(app.root_path) / "static" / "sw.template.js").read_text(encoding="utf-8"), editions)
    stats = {}
    for name in EXTRAS:
        if (folder / name).is_file():
            stats[name] = file_stat(folder / name)
    return stats


def _swap_into_place(staging: Path, real: Path, commit: Callable[[], None], config: Config, old_files: Iterable[str] = (), retire: Callable[[Path], bool] | None = None) -> None:
    """Carry the kept files over, then exchange the staging folder with the output; `commit` runs after, undone if it
    fails; the site replaced goes to `retire`."""
    try:
        carry_kept(real, staging, config.keep, display_path(config.path) if config.path else "[build] keep")
        publish(staging, real, commit, old_files, retire)
    except OSError as exc:
        raise _not_published(real, exc) from None


@contextmanager
def _not_written() -> Iterator[None]:
    """A failure while the new site is written beside the old one: say that the old one is untouched, and what to do."""
    try:
        yield
    except OSError as exc:
        raise ThawError(f"{describe(exc)} while writing the new site; the previous site is unchanged — {_fix_for(exc)}") from None
    except ThawError as exc:
        if isinstance(exc, ProblemsFound):
            raise
        raise ThawError(f"{exc}; the previous site is unchanged — {_fix_for(exc)}") from None


def _fix_for(exc: BaseException) -> str:
    return "free some space on that disk, then build again" if "No space left" in str(exc) or getattr(exc, "errno", None) == errno.ENOSPC else "fix the cause above, then build again"


def _not_published(real: Path, exc: OSError) -> ThawError:
    where = exc.filename or real
    return ThawError(f"{where}: {exc.strerror or exc} while putting the new site in place; the previous site is unchanged — check the folder's permissions and free space, then build again")


@dataclass
class CheckReport:
    """What `check` found: the build's figures, broken links and each article's prose report."""

    result: BuildResult
    broken: list[BrokenLink]
    prose: list[ProseReport]
    unreviewed: list[Problem]
    draft_warnings: list[Problem] = field(default_factory=list)  # shown, but never fail a check, even --strict

    @property
    def warnings(self) -> list[Problem]:
        return self.result.warnings + [p for report in self.prose for p in report.problems]


def check(config: Config, *, strict: bool = False, drafts: bool = False, today: dt.date | None = None) -> CheckReport:
    """Everything `build` validates, plus a link check of the rendered pages and the prose checks; writes no output.

    With `drafts` the drafts are checked as if published (pages, links, prose), and their problems are errors."""
    started = time.perf_counter()
    today = today or dt.date.today()
    app = create_app(config, today=today, map_jobs=forked_map(WORKERS), template_cache=compiled_templates(), drafts=drafts)
    with tempfile.TemporaryDirectory(prefix="thaw-check-") as folder:
        pages = len(freeze(app, Path(folder)).files)
        broken, checked = check_links(Path(folder), config.base_path)
    site = app.extensions["thaw"]
    prose = [review_prose(article, today, language) for language, catalog in site.catalogs.items() for article in catalog.articles.values()]
    shipped = [s for language in config.languages for s in crisis.region(config.region, language=language).services]
    crisis_warnings = crisis.stale(tuple(dict.fromkeys(shipped)), today, "site/config/data/crisis.toml") + crisis.stale(config.local_services, today, display_path(config.path) if config.path else "config")
    result = BuildResult(pages, len(site.articles), time.perf_counter() - started, None, site.warnings + crisis_warnings, checked)
    report = CheckReport(result, broken, prose, site.unreviewed, site.draft_warnings)
    if strict and (report.warnings or report.unreviewed):
        raise ContentError(report.warnings + report.unreviewed, warnings=report.draft_warnings)
    return report
