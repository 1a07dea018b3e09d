"""What the last build wrote: every page with a hash of everything it was made from, so a rebuild renders only what changed."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from flask import Flask

from thaw.build.cache import code_version, digest, read_sealed, write_sealed
from thaw.config.settings import Config
from thaw.content.inputs import Scan
from thaw.errors import Problem
from thaw.build.plaindata import boolean, checker, custom, integer, items, matches, optional, record, row, table, text

if TYPE_CHECKING:
    from thaw.content.article import Article
    from thaw.catalog.catalog import Catalog

FILENAME = "manifest.json"
FileStat = tuple[int, int, int]  # size, mtime_ns, ctime_ns: setting a file's time back changes its ctime


def _relative_file(value: object) -> bool:
    """A path inside the output: relative, with no `..`, no empty part and no NUL."""
    return type(value) is str and 0 < len(value) <= 4096 and "\x00" not in value and "//" not in (framed := f"/{value}/") and "/../" not in framed


_KEY, _TEXT, _COUNT = text(64), text(), integer(0)
_PROBLEMS = items(row(_TEXT, optional(integer(0)), _TEXT, _TEXT, boolean()))
_FILE = custom(_relative_file)
SHAPE = checker(record(
    inputs=_KEY, pages=table(_TEXT, row(_KEY, _FILE)), files=table(_FILE, row(_COUNT, integer(), integer())),
    page_count=_COUNT, article_count=_COUNT, warnings=_PROBLEMS, unreviewed=_PROBLEMS, cards=_KEY, shown=table(_TEXT, _KEY),
    spare=boolean(), spare_out=items(_FILE), spare_lacks=items(_FILE),
))


@dataclass
class Manifest:
    """The inputs of the last build and, for each URL, its page key and file (with the size and times it had when written)."""

    inputs: str
    pages: dict[str, tuple[str, str]]  # url -> (page key, file relative to the output)
    files: dict[str, FileStat]  # file -> (size, mtime_ns, ctime_ns)
    page_count: int = 0
    article_count: int = 0
    warnings: list[Problem] = field(default_factory=list)
    unreviewed: list[Problem] = field(default_factory=list)
    cards: str = ""  # the key of every article's card, so the next build can reuse `shown` while it is unchanged
    shown: dict[str, str] = field(default_factory=dict)  # article slug -> key of the cards its page shows
    # The site this build replaced, kept as the next build's starting point (outputdir.take_spare): whether it was
    # kept, and how its files differ from this site's (those it has beyond them, those of this site it lacks).
    spare: bool = False
    spare_out: list[str] = field(default_factory=list)
    spare_lacks: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, cache_dir: Path) -> Manifest | None:
        """The last build's manifest; one missing, damaged, forged or of another shape reads as None."""
        value = read_sealed(cache_dir / FILENAME)
        if not matches(SHAPE, value):
            return None
        problems = [[Problem(*p) for p in value[name]] for name in ("warnings", "unreviewed")]
        pages = {url: (key, file) for url, (key, file) in value["pages"].items()}
        files = {file: (size, mtime, ctime) for file, (size, mtime, ctime) in value["files"].items()}
        return cls(value["inputs"], pages, files, value["page_count"], value["article_count"], *problems, value["cards"], value["shown"],
                   value["spare"], value["spare_out"], value["spare_lacks"])

    def save(self, cache_dir: Path) -> None:
        plain = {
            "inputs": self.inputs, "pages": self.pages, "files": self.files, "page_count": self.page_count, "article_count": self.article_count,
            "warnings": [_problem(p) for p in self.warnings], "unreviewed": [_problem(p) for p in self.unreviewed], "cards": self.cards, "shown": self.shown,
            "spare": self.spare, "spare_out": self.spare_out, "spare_lacks": self.spare_lacks,
        }
        write_sealed(cache_dir / FILENAME, plain)

    def intact(self, output: Path, inodes: dict[str, int] | None = None) -> bool:
        """Is every file this manifest lists still in `output` as written (same size, modification and change time)?
        Each file's inode goes into `inodes`, if given (a spare site shares the unchanged ones)."""
        stat = os.stat
        prefix = f"{output}{os.sep}"
        for relative, recorded in self.files.items():
            try:
                info = stat(prefix + relative)
            except OSError:
                return False
            if (info.st_size, info.st_mtime_ns, info.st_ctime_ns) != recorded:
                return False
            if inodes is not None:
                inodes[relative] = info.st_ino
        return True

    def spare_files(self) -> set[str]:
        """What the spare site holds: this site's files, less those it lacks, and those it has beyond them."""
        return (self.files.keys() - set(self.spare_lacks)) | set(self.spare_out)


def _problem(problem: Problem) -> list[object]:
    return [problem.path, problem.line, problem.message, problem.fix, problem.warning]


def file_stat(path: Path) -> FileStat:
    """What a later build compares a written file by."""
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns


def file_stats(folder: Path) -> dict[str, FileStat]:
    """Size, modification and change time of every file under `folder`."""
    stats: dict[str, FileStat] = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory) / name
            stats[path.relative_to(folder).as_posix()] = file_stat(path)
    return stats


def content_hashes(scanned: Scan, skip: Callable[[str], bool] | None = None) -> dict[str, str]:
    """The SHA-256 of every file the build reads under the content folder (but those `skip` names), by its content-relative
    path; only what inputs.scan listed is read (no hidden, special, linked-out or oversized file), and what it refused counts too."""
    hashes: dict[str, str] = {}
    for item in scanned.items:
        if skip is not None and skip(item.relative):
            continue
        try:
            with open(item.path, "rb") as stream:
                hashes[item.relative] = hashlib.sha256(stream.read()).hexdigest()
        except OSError:
            hashes[item.relative] = "unreadable"
    if scanned.problems:  # so that a build with a newly refused file is not taken for an unchanged one
        hashes["\0refused"] = digest(sorted(str(p) for p in scanned.problems))
    return hashes


def changed_since(root: Path, hashes: dict[str, str]) -> bool:
    """Has any of these content files changed since it was hashed? (A file added meanwhile changes the next build's inputs anyway.)"""
    for relative, value in hashes.items():
        if relative.startswith("\0"):
            continue
        try:
            with open(root / relative, "rb") as stream:
                now = hashlib.sha256(stream.read()).hexdigest()
        except OSError:
            now = "unreadable"
        if now != value:
            return True
    return False


def input_key(config: Config, today: dt.date, strict: bool, hashes: dict[str, str]) -> str:
    """A hash of everything a build reads: the program, the config, the date (for review warnings) and every content file."""
    logo = hashlib.sha256(config.logo.read_bytes()).hexdigest() if config.logo and config.logo.is_file() else ""
    return digest(code_version(), repr(config), today.isoformat(), strict, os.environ.get("THAW_NODE_MODULES", ""), sorted(hashes.items()), logo)


class PageKeys:
    """The key each page of a build is made from: most pages of an edition share one; the others have their own.

    An article page's key is worked out when first asked for (`of`), so a build from nothing can have its
    freezing workers work out their own pages' keys in parallel; `shown` memoises the card part of each.
    """

    def __init__(self, shared: str, own: dict[str, str], articles: dict[str, tuple[Article, Catalog]], base: str, editions: dict[str, str],
                 references: dict[str, str], reuse: dict[str, str]) -> None:
        self.shared = shared  # the listings' keys together: they cover every article's card
        self.own = own
        self.shown: dict[str, str] = {}  # article address -> key of the cards its page shows (slugs repeat across languages)
        self._articles, self._base, self._references, self._reuse = articles, base, references, reuse
        self._editions = sorted(editions.items(), key=lambda pair: -len(pair[0]))  # (root, listings' key): a translation's folder before "/"

    def of(self, url: str) -> str:
        found = self.own.get(url)
        if found is None:
            article = self._articles.get(url)
            found = self.own[url] = self._article_key(*article) if article is not None else self._shared_of(url)
        return found

    def _shared_of(self, url: str) -> str:
        """The listings' key of the edition `url` is in (a translation's folder, else the default language's)."""
        return next(shared for prefix, shared in self._editions if url.startswith(prefix))

    def shown_of(self, url: str) -> tuple[str, str] | None:
        """(article, key of the cards it shows) for an article page whose key has been worked out, else None."""
        found = self._articles.get(url)
        if found is None:
            return None
        name = found[0].url
        return (name, self.shown[name]) if name in self.shown else None

    def _article_key(self, article: Article, catalog: Catalog) -> str:
        name = article.url
        seen = self._reuse.get(name)
        if seen is None:
            cards = [_card(other) if other else None for other in (*catalog.neighbours(article), *catalog.related(article))]
            seen = digest(cards)
        self.shown[name] = seen
        references = [self._references.get(k) for k in article.citations + article.references]
        status = article.review_status.name if article.review_status is not None else ""  # changes with the day, not the file
        return digest(self._base, article.render_key, article.link_urls, references, seen, status)


def _card(article: Article) -> tuple[object, ...]:
    """Everything a card or a link to the article shows."""
    a = article
    return (a.slug, a.section, a.title, a.summary, a.date, a.updated, a.order, a.tags, a.draft)


def page_keys(app: Flask, previous: Manifest | None = None) -> PageKeys:
    """The key most pages of an edition share (the listing pages: anything may show any article's card) and the pages
    with their own.

    A page's key changes whenever any input that can change its bytes does; unchanged keys let a rebuild reuse the file.
    Exercise pages depend only on the program, the config, the sections and where articles and their headings are
    (they link to some); an article page also on its own rendering and the cards of its neighbours and related
    articles. So a changed title re-renders the listings and the few pages that show it, not the whole site.
    On a site of several languages every page also depends on which pages each edition has (its language switcher
    links to them) and on its language's interface translations.
    """
    site = app.extensions["thaw"]
    config: Config = site.config
    script_name = urlsplit(app.config["FREEZER_BASE_URL"] or "").path.rstrip("/")
    catalogs = site.catalogs
    everywhere = [
        (language, [(page.section.id, bool(page.articles)) for page in catalog.sections],
         [(a.slug, a.section, tuple(h.id for h in a.headings)) for a in catalog.articles.values()],  # what state.article_url sees
         sorted((slug, sorted((other, page.url) for other, page in pages.items())) for slug, pages in catalog.counterparts.items()),
         sorted(catalog.outdated))
        for language, catalog in catalogs.items()
    ]
    # The interface's translations are files of the program: code_version() covers them.
    base = digest(code_version(), repr(config), sorted((n, a.hashed) for n, a in site.assets.items()), everywhere)
    editions = {site.edition_root(language): digest(base, [_card(a) for a in catalog.articles.values()]) for language, catalog in catalogs.items()}
    shared = digest(sorted(editions.items()))
    # Neighbours and related articles follow from the cards alone: while no card changed, last build's answer stands.
    reuse = previous.shown if previous is not None and previous.cards == shared else {}
    own: dict[str, str] = {}
    references: dict[str, str] = {}
    by_url: dict[str, tuple[Article, Catalog]] = {}

    def url(endpoint: str, **values: str) -> str:
        return unquote(site.url_for(endpoint, **values))[len(script_name) :]  # remembered for the pages that link there

    for language, catalog in catalogs.items():
        root = site.edition_root(language)
        references.update((key, digest(reference)) for key, reference in catalog.references.items())
        with app.test_request_context(root, base_url=script_name or None):
            for endpoint, values in site.exercise_pages():
                own[url(endpoint, **values)] = base
            index = site.search_index
            for name, data in index.files.items():
                own[url("pages.search_file", name=name)] = digest(data)
            own[url("pages.search")] = digest(editions[root], index.meta)  # it carries the index's shape
            if root == "/":  # one copy of each asset, at the site's root
                for asset in site.assets.values():
                    own[url("pages.asset", name=asset.hashed)] = digest(asset.data)
            for image in catalog.images:
                own[url("pages.media", filename=image)] = digest((config.content_dir / image).read_bytes())
        by_url.update((unquote(a.url)[len(script_name) :], (a, catalog)) for a in catalog.articles.values())
    return PageKeys(shared, own, by_url, base, editions, references, reuse)
