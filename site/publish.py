"""Build and check the site: validate, freeze into a temporary folder, then swap it into place."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from . import create_app, crisis
from .config import Config
from .errors import ContentError, Problem, ThawError, display_path
from .freeze import expected_pages, freeze
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


ProgressFactory = Callable[[int], Callable[[str], None]]


def prepare(config: Config, strict: bool, today: dt.date | None = None) -> Flask:
    """Load and validate everything; in strict mode warnings and unreviewed pages fail too."""
    app = create_app(config, today=today)
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


def build(config: Config, *, strict: bool = False, progress: ProgressFactory | None = None, today: dt.date | None = None) -> BuildResult:
    """Validate, render and freeze into a temporary folder, then replace the output in one step.

    A failed build removes its temporary folder and leaves the previous output as it was.
    """
    started = time.perf_counter()
    _refuse_dangerous_output(config)
    app = prepare(config, strict, today)
    output = config.output_dir
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        callback = progress(expected_pages(app)) if progress else None
        pages = freeze(app, staging, callback)
        index_for_search(staging)
        write_header_files(staging, config.base_path)
        if config.offline:
            write_service_worker(staging, config.base_path, (Path(app.root_path) / "static" / "sw.template.js").read_text(encoding="utf-8"))
        _swap_into_place(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    catalog = app.extensions["thaw"].catalog
    return BuildResult(pages, len(catalog.articles), time.perf_counter() - started, output, catalog.warnings, unreviewed=len(catalog.unreviewed))


def index_for_search(folder: Path) -> None:
    """Build the Pagefind search index (the PyPI package carries its binary and runs offline)."""
    process = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", "pagefind", "--silent"],
        capture_output=True, text=True, timeout=300,
    )
    if process.returncode != 0:
        raise ThawError(f"the search index could not be built: {(process.stderr or process.stdout).strip()[:500]}")


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
    app = create_app(config, today=today)
    with tempfile.TemporaryDirectory(prefix="thaw-check-") as folder:
        pages = freeze(app, Path(folder))
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
