"""The Spanish edition as a visitor meets it, in Chromium on the frozen site under /practice/es/: the grounding
exercise with and without JavaScript, search that understands Spanish, the quick exit's words, and no request,
storage or CSP violation on the way."""
from __future__ import annotations

import pytest

from conftest import state_path
from test_browser_exercises import assert_clean, click, open_page, wait_until
from test_quick_exit import NEUTRAL, shift_alone, status

WALK = ["7", "Siguiente", "Siguiente", "Siguiente", "Siguiente", "Terminar", "3"]
HEADINGS = ["Fíjate en 5 cosas que puedas ver", "Fíjate en 4 cosas que puedas sentir"]


def test_the_spanish_grounding_exercise_with_htmx(browser, served_site: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(served_site + "es/exercises/grounding/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.evaluate("window.__sameDocument = true")
    for number, label in enumerate(WALK):
        before = page.url
        click(page, label)
        page.wait_for_url(lambda url: url != before)
        wait_until(page, "() => document.activeElement && document.activeElement.id === 'panel-title'")
        assert "/practice/es/exercises/grounding/" in page.url
        if number < len(HEADINGS):
            assert page.locator("#panel-title").inner_text() == HEADINGS[number]
    assert page.locator("#panel-title").inner_text() == "Gracias por intentarlo"
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded instead of swapping the panel"
    assert page.title().startswith("Anclaje 5-4-3-2-1")
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


def test_the_spanish_grounding_exercise_without_javascript(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "es/exercises/grounding/")
    for number, label in enumerate(WALK):
        before = page.url
        click(page, label)
        page.wait_for_url(lambda url: url != before)
        if number < len(HEADINGS):
            assert page.locator("#panel-title").inner_text() == HEADINGS[number]
    assert page.url.split("#")[0] == served_site + "es/" + state_path("grounding", "7/done/3")
    assert page.locator("#panel-title").inner_text() == "Gracias por intentarlo"
    context.close()


@pytest.mark.parametrize(("query", "found"), [
    ("entumecida", "/practice/es/understanding/what-is-numbness/"),
    ("congelacion", "/practice/es/freeze-response/freeze-response/"),
    ("terapia", "/practice/es/therapy/therapy-options/"),
])
def test_spanish_search_understands_spanish(browser, served_site: str, query: str, found: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(served_site + "es/search/")
    page.locator("input[type=search]").fill(query)
    page.locator(".search-results a").first.wait_for()
    hrefs = page.locator(".search-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert found in hrefs[:3], hrefs
    assert all(h.startswith("/practice/es/") for h in hrefs if not h.startswith("tel:")), "results stay in the Spanish edition"
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


def test_the_quick_exit_speaks_spanish_and_still_leaves_on_three_shifts(browser, served_site: str) -> None:
    context = browser.new_context()
    context.route(NEUTRAL + "**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Neutral</title>"))
    page = context.new_page()
    page.goto(served_site + "es/understanding/what-is-numbness/")
    shift_alone(page)
    assert "Presiónala 2 veces más" in status(page)
    shift_alone(page)
    assert "Presiónala 1 vez más" in status(page)
    shift_alone(page)
    page.wait_for_url(NEUTRAL)
    context.close()


@pytest.mark.parametrize("edition", ["es/", ""])
def test_a_spanish_cry_for_help_puts_crisis_help_first_in_either_edition(browser, served_site: str, edition: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + edition + "search/")
    page.locator("input[type=search]").fill("ya no quiero vivir")
    page.locator(".search-crisis").wait_for()
    assert page.locator(".search-crisis a[href='tel:988']").count() >= 1
    context.close()
