"""Search: Pagefind's index built after freezing, served under /practice/, with crisis help first for crisis words."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_browser_exercises import assert_clean, open_page, wait_until


def test_the_search_index_is_built_into_the_output(built_site: Path) -> None:
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert (built_site / "pagefind" / "pagefind-entry.json").is_file()


def test_searching_finds_articles(browser, served_site: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(served_site + "search/")
    page.get_by_label("Search the articles").fill("window of tolerance")
    wait_until(page, "() => document.querySelectorAll('.search-results li').length > 0", timeout=10)
    first = page.locator(".search-results a").first
    assert first.get_attribute("href").startswith("/practice/")
    assert page.locator(".search-crisis").is_hidden()
    first.click()
    page.wait_for_url("**/practice/**/")
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


@pytest.mark.parametrize("query", ["suicide", "I want to kill myself", "self-harm", "crisis"])
def test_crisis_words_show_crisis_help_first(browser, served_site: str, query: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(served_site + "search/")
    page.get_by_label("Search the articles").fill(query)
    crisis = page.locator(".search-crisis")
    crisis.wait_for(state="visible")
    assert crisis.locator("a[href='tel:988']").count() >= 1
    box = crisis.bounding_box()
    results = page.locator(".search-status").bounding_box()
    assert box["y"] < results["y"], "crisis help must come before the results"
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


def test_without_javascript_the_search_page_lists_every_article(browser, served_site: str, built_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "search/")
    assert page.locator(".search-form").is_hidden()
    articles = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.glob("*/*/index.html")
                      if not p.parent.parent.name in ("tags", "exercises"))
    links = page.locator(".all-articles a")
    assert links.count() == len(articles) > 2
    context.close()
