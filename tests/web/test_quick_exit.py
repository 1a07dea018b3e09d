"""The quick exit as a visitor meets it: a real keyboard in Chromium, on the frozen site served under /practice/.

Each test guards a sentence of the "Browsing safely" page or an observation from the visitor-safety audit."""
from __future__ import annotations

import pytest

from conftest import open_with_stopped_clock
from test_browser_exercises import click, wait_until

NEUTRAL = "https://www.google.com/"


@pytest.fixture
def visit(browser):
    """A fresh browser context whose neutral site is answered by the test itself (no request leaves this machine)."""
    contexts = []

    def open_(**options):
        context = browser.new_context(**options)
        context.route(NEUTRAL + "**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Neutral</title>"))
        contexts.append(context)
        page = context.new_page()
        page.goto("about:blank")
        return page

    yield open_
    for context in contexts:
        context.close()


def shift_alone(page) -> None:
    page.keyboard.down("Shift")
    page.keyboard.up("Shift")


def type_like_a_person(page, text: str) -> None:
    """Type text the way a keyboard does: Shift held down for each capital letter."""
    for char in text:
        if char.isupper():
            page.keyboard.down("Shift")
            page.keyboard.press(char)
            page.keyboard.up("Shift")
        else:
            page.keyboard.press(char if char != " " else "Space")


def status(page) -> str:
    return page.locator("[data-quick-exit-status]").inner_text()


@pytest.mark.parametrize("text", ["I Feel Numb", "A B C D E", "I'M NOT OK"])
def test_typing_capitals_in_search_never_leaves(visit, served_site: str, text: str) -> None:
    page = visit()
    page.goto(served_site + "search/")
    page.locator("input[type=search]").first.focus()
    type_like_a_person(page, text)
    page.wait_for_timeout(300)
    assert page.url.startswith(served_site), "typing a capital letter left the site"
    assert page.locator("input[type=search]").first.input_value() == text


def test_shift_used_with_a_click_does_not_count(visit, served_site: str) -> None:
    page = visit()
    page.goto(served_site)
    for _ in range(3):
        page.keyboard.down("Shift")
        page.mouse.click(5, 400)
        page.keyboard.up("Shift")
    page.wait_for_timeout(300)
    assert page.url.startswith(served_site)


def test_shift_alone_three_times_with_pauses_leaves_and_says_so_on_the_way(visit, served_site: str) -> None:
    page = visit()
    page.goto(served_site + "understanding/what-is-numbness/")
    assert status(page) == ""
    shift_alone(page)
    assert "2 more times" in status(page)
    assert page.locator("[data-quick-exit] .exit-steps .is-on").count() == 1
    page.wait_for_timeout(1500)
    shift_alone(page)
    assert "1 more time" in status(page)
    assert page.locator("[data-quick-exit] .exit-steps .is-on").count() == 2
    page.wait_for_timeout(1500)
    shift_alone(page)
    page.wait_for_url(NEUTRAL)


def test_presses_further_apart_than_the_window_start_again(visit, served_site: str) -> None:
    page = visit()
    open_with_stopped_clock(page, served_site)
    shift_alone(page)
    shift_alone(page)
    page.clock.run_for(6_000)
    assert "2 more" not in status(page) and "1 more" not in status(page)
    assert page.locator("[data-quick-exit] .exit-steps .is-on").count() == 0
    shift_alone(page)
    page.wait_for_timeout(200)
    assert page.url.startswith(served_site)
    assert "2 more times" in status(page)


def test_another_key_between_presses_starts_again(visit, served_site: str) -> None:
    page = visit()
    page.goto(served_site)
    shift_alone(page)
    shift_alone(page)
    page.keyboard.press("ArrowDown")
    shift_alone(page)
    page.wait_for_timeout(200)
    assert page.url.startswith(served_site)
    assert "2 more times" in status(page)


def test_leaving_covers_the_page_with_a_message_before_the_next_site_loads(visit, served_site: str) -> None:
    page = visit()
    page.goto(served_site + "help-now/")
    # The click and what it shows are read in one task, before the browser can start the next page.
    shown = page.evaluate("""() => {
        document.querySelector('[data-quick-exit]').click();
        const overlay = document.querySelector('.exit-overlay');
        return {text: overlay && overlay.textContent, role: overlay && overlay.getAttribute('role'),
                main: getComputedStyle(document.querySelector('main')).visibility,
                bar: getComputedStyle(document.querySelector('.crisis-bar')).visibility,
                overlay: overlay && getComputedStyle(overlay).visibility, title: document.title};
    }""")
    assert shown == {"text": "Leaving this site…", "role": "alert", "main": "hidden", "bar": "hidden", "overlay": "visible", "title": ""}
    page.wait_for_url(NEUTRAL)


def test_back_after_the_exit_lands_on_no_exercise_answer(visit, served_site: str) -> None:
    page = visit()
    page.goto(served_site + "exercises/")
    page.get_by_role("link", name="Is it time to get help?").first.click()
    page.wait_for_url("**/time-to-get-help/")
    click(page, "Yes")
    wait_until(page, "() => document.getElementById('panel-title').textContent.includes('reach out for help now')")
    page.get_by_role("link", name="Leave this site").click()
    page.wait_for_url(NEUTRAL)
    page.go_back()
    page.wait_for_load_state()
    assert page.url == served_site + "exercises/", page.url
    page.go_back()
    assert not page.url.startswith(served_site)


def test_the_exit_is_the_first_tab_stop_after_the_skip_link(visit, served_site: str) -> None:
    page = visit()
    page.goto(served_site + "understanding/what-is-numbness/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to the main content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-quick-exit')")
    page.keyboard.press("Enter")
    page.wait_for_url(NEUTRAL)


def test_counting_starts_again_when_a_page_is_shown_from_the_back_forward_cache(visit, served_site: str) -> None:
    page = visit()
    page.goto(served_site)
    shift_alone(page)
    shift_alone(page)
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert status(page) == ""
    assert page.locator("[data-quick-exit] .exit-steps .is-on").count() == 0
    shift_alone(page)
    assert "2 more times" in status(page)
