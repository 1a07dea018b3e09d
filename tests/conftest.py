"""Shared fixtures: configs, a content-folder factory, apps, a built sample site and a static server."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from thaw.web.app import create_app
from thaw.config.settings import Config, load_config
from thaw.build.publish import build
from thaw.serve.staticserver import StaticSite

ROOT = Path(__file__).resolve().parent.parent
# The sample site: the repo's own content (THAW_SAMPLE_CONTENT can point the tests at a snapshot).
SAMPLE_CONTENT = Path(os.environ.get("THAW_SAMPLE_CONTENT", ROOT / "content"))
TODAY = dt.date(2026, 11, 23)
BASE_URL = "https://example.org/practice/"

REFERENCES = """\
nimh-ptsd:
  title: Post-Traumatic Stress Disorder
  publisher: National Institute of Mental Health
  year: 2024
  url: https://www.nimh.nih.gov/health/topics/post-traumatic-stress-disorder-ptsd
va-avoidance:
  title: Avoidance
  publisher: U.S. Department of Veterans Affairs, National Center for PTSD
  year: 2024
  url: https://www.ptsd.va.gov/understand/what/avoidance.asp
"""


def article(title: str = "A test article", section: str = "understanding", body: str = "Some text.\n", **fields: str) -> str:
    """Markdown for a valid article; keyword arguments add or replace front-matter lines."""
    front = {"title": title, "summary": "A short summary.", "section": section, "date": "2026-01-15"}
    front.update(fields)
    lines = "\n".join(f"{key}: {value}" for key, value in front.items())
    return f"---\n{lines}\n---\n\n{textwrap.dedent(body)}"


def signed(by: str, reviewed_on: str, next_due: str, credentials: str = "", title: str = "A test article", body: str = "Some text.\n", **fields: str) -> str:
    """Markdown for a valid article with a review that covers its text (as `review --sign` would write it)."""
    from thaw.content.review import fingerprint

    mark = fingerprint(title, fields.get("summary", "A short summary."), fields.get("content_note", ""), textwrap.dedent(body))
    review = f"\n  by: {by}\n" + (f"  credentials: {credentials}\n" if credentials else "") + f"  reviewed_on: {reviewed_on}\n  next_due: {next_due}\n  fingerprint: {mark}"
    return article(title, body=body, review=review, **fields)


ContentFactory = Callable[..., Path]


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled templates go under the test session's temporary folder, never into the user's ~/.cache/thaw (Thaw
    removes other versions' folders there): every test writes only under its temporary folders. Subprocesses inherit it."""
    home = tmp_path_factory.mktemp("cache-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(home))
        yield home


@pytest.fixture
def make_content(tmp_path: Path) -> ContentFactory:
    """Write {relative path: text} into a fresh content folder (with a small references.yaml) and return it."""

    def factory(files: dict[str, str | bytes], references: str | None = REFERENCES) -> Path:
        folder = tmp_path / "content"
        folder.mkdir(exist_ok=True)
        if references is not None:
            (folder / "references.yaml").write_text(references, encoding="utf-8")
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return folder

    return factory


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., Config]:
    def factory(content: Path, base_url: str = BASE_URL, **overrides: object) -> Config:
        return Config(content_dir=content, output_dir=tmp_path / "_site", base_url=base_url, **overrides)  # type: ignore[arg-type]

    return factory


@pytest.fixture(scope="session")
def sample_config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The repo's thaw.toml and content, built for a practice under /practice/."""
    out = tmp_path_factory.mktemp("sample") / "practice"
    return load_config(ROOT / "thaw.toml", {"base_url": BASE_URL, "content": SAMPLE_CONTENT, "output": out})


@pytest.fixture
def app(sample_config: Config):
    return create_app(sample_config, today=TODAY)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def built_site(sample_config: Config) -> Path:
    """The sample site frozen once per test session (into <tmp>/practice)."""
    build(sample_config, today=TODAY)
    return sample_config.output_dir


# A strict policy like the one practices are told to send; the tests fail on any violation.
from thaw.web.headers import HEADER_CSP as STRICT_CSP  # noqa: E402  the policy hosts are told to send


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The frozen sample site served by Python's plain file server under /practice/, with a strict CSP header."""
    server = StaticSite(built_site, "/practice/", headers={"Content-Security-Policy": STRICT_CSP}).start()
    yield server.url
    server.stop()


def copy_sample(destination: Path, translations: bool = False) -> Path:
    """A copy of the sample content; its Spanish pages (content/es/) only with `translations`, for a config that lists
    Spanish among its languages (a default config does not, and a page in a language it does not list is an error)."""
    shutil.copytree(SAMPLE_CONTENT, destination, ignore=None if translations else lambda folder, names: ["es"] if Path(folder) == SAMPLE_CONTENT else [])
    return destination


CHROMIUM = os.environ.get("THAW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require(present: bool, missing: str) -> None:
    """A tool the tests need: in CI (.ci/run sets CI) its absence fails the test; elsewhere it skips, loudly."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(missing)
    pytest.skip(f"SKIPPED, NOT TESTED: {missing}")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is never used)."""
    from playwright.sync_api import sync_playwright

    require(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def state_path(slug: str, state: str = "") -> str:
    """The site-relative address of an exercise state ("exercises/grounding/<token>/"), as the site links to it."""
    from thaw.web.exercises import EXERCISES
    from thaw.web.exercises.tokens import state_token

    exercise = EXERCISES[slug]
    if state == "" or (not exercise.rated and state == exercise.first_state()):
        return f"exercises/{slug}/"
    return f"exercises/{slug}/{state_token(slug, state)}/"


def open_with_stopped_clock(page, url: str) -> None:
    """Open url with the page's clock stopped, so only page.clock.run_for moves time.

    A clock that also runs in real time lets a slow machine (CI, two workers, one core each) add
    hundreds of milliseconds between two steps of a test, and a 5-second window then closes early.
    """
    start = dt.datetime(2026, 1, 1, 9, 0, 0)
    page.clock.install(time=start)
    page.goto(url)
    page.clock.pause_at(start + dt.timedelta(minutes=10))
