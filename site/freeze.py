"""Freeze the Flask app into static files with Frozen-Flask; its warnings are errors."""
from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, FrozenFlaskWarning, MissingURLGeneratorWarning

from . import exercises
from .errors import ThawError
from .state import SiteState


def make_freezer(app: Flask, destination: Path) -> Freezer:
    """A freezer writing into `destination` that knows every page of the catalog."""
    app.config["FREEZER_DESTINATION"] = str(destination.resolve())
    app.config["FREEZER_REMOVE_EXTRA_FILES"] = True
    # Static files are served fingerprinted through pages.asset, so Flask's own static folder is not frozen.
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=True, log_url_for=True)
    site: SiteState = app.extensions["thaw"]

    @freezer.register_generator
    def pages() -> Iterator[tuple[str, dict[str, str]]]:
        catalog = site.catalog
        assert catalog is not None
        for asset in site.assets.values():
            yield "pages.asset", {"name": asset.hashed}
        for page in catalog.sections:
            if page.articles or page.section.id == exercises.SECTION:
                yield "pages.section", {"section": page.section.id}
        for article in catalog.articles.values():
            yield "pages.article", {"section": article.section, "slug": article.slug}
        for tag in catalog.tags:
            yield "pages.tag", {"tag": tag}
        for image in sorted(catalog.images):
            yield "pages.media", {"filename": image}
        yield from exercises.all_urls()

    return freezer


def expected_pages(app: Flask) -> int:
    """Roughly how many URLs a freeze writes, for the progress bar."""
    catalog = app.extensions["thaw"].catalog
    return 8 + sum(1 for _ in exercises.all_urls()) + len(catalog.articles) + len(catalog.sections) + len(catalog.tags) + len(catalog.images)


def freeze(app: Flask, destination: Path, progress: Callable[[str], None] | None = None) -> int:
    """Write every page into `destination`; return how many URLs were written."""
    freezer = make_freezer(app, destination)
    count = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenFlaskWarning)
        # A site without images has no media URLs; every other endpoint must be frozen.
        warnings.filterwarnings("ignore", message=r".*\bpages\.media\b", category=MissingURLGeneratorWarning)
        try:
            for url in freezer.freeze_yield():
                count += 1
                if progress:
                    progress(url)
        except FrozenFlaskWarning as exc:
            raise ThawError(f"freezing failed: {exc}") from None
    return count
