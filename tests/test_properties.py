"""Property tests: random Markdown and front matter through the whole pipeline never crash and never leak script."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaw.web.app import create_app
from thaw.config.settings import Config
from thaw.errors import ProblemsFound

from test_hostile import Executable

MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "### ", "- ", "1. ", "> ", "```\n", "`", "*", "_", "**", "[", "]", "(", ")", "![", "<", ">", "&", "|", "---",
    "\n", "\n\n", "    ", "[@nimh-ptsd]", "[@", "[^1]", "[^1]: note\n", "{#id}", "javascript:alert(1)", "data:text/html,x",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=x onclick=y>", "https://example.org/", "ok.md",
    "ok.md#a-heading", "#a-heading", "mailto:a@b.c", "tel:123", "word", "Feeling numb", "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "\u00e9", "\u202e", "\x00", "\t", "\r\n",
])
markdown = st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=20)), max_size=40).map("".join)
scalar = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.just("2026-02-30"), st.just("2026-01-15"),
                   st.just("[a, b]"), st.just("{x: 1}"), st.just("<script>x</script>"), st.just("'unclosed"))
front = st.dictionaries(
    st.sampled_from(["title", "summary", "section", "date", "order", "tags", "draft", "references", "updated", "content_note", "titel", "review"]),
    scalar, max_size=8,
)
REFERENCES = "nimh-ptsd:\n  title: PTSD\n  publisher: NIMH\n  year: 2024\n"
OK = "---\ntitle: OK\nsummary: S\nsection: understanding\ndate: 2026-01-15\n---\n\n## A heading\n\nText.\n"


def run_pipeline(text: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="thaw-prop-"))
    try:
        content = folder / "content"
        content.mkdir()
        (content / "references.yaml").write_text(REFERENCES)
        (content / "ok.md").write_text(OK)
        (content / "case.md").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            app = create_app(Config(content_dir=content, output_dir=folder / "out", base_url="/"))
        except ProblemsFound:
            return  # a content error with file and line is a fine outcome
        catalog = app.extensions["thaw"].catalog
        client = app.test_client()
        for article in catalog.articles.values():
            page = client.get(f"/{article.section}/{article.slug}/")
            assert page.status_code == 200
            scan = Executable()
            scan.feed(page.get_data(as_text=True))
            assert [f for f in scan.found if "/assets/" not in f] == [], scan.found
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=markdown)
def test_random_markdown_never_crashes_or_leaks_script(body: str) -> None:
    run_pipeline(OK.replace("## A heading\n\nText.\n", "") + body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=front, body=markdown)
def test_random_front_matter_never_crashes(fields: dict, body: str) -> None:
    lines = "\n".join(f"{key}: {value}" for key, value in fields.items())
    run_pipeline(f"---\n{lines}\n---\n\n{body}")
