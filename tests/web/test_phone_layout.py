"""Phones, 200% text and reflow, measured in Chromium on the frozen site under /practice/ (WCAG 2.2: 1.4.4, 1.4.10,
2.4.11, 2.5.8)."""
from __future__ import annotations

import pytest

from conftest import state_path
from test_browser_exercises import click, wait_until
from test_promises import exercise_pages, large_text

PAGES = ["", "understanding/", "understanding/what-is-numbness/", "therapy/therapy-options/", "getting-help/glossary/", "tags/",
         "tags/numbness/", "articles/", "help-now/", "privacy/", "browsing-safely/", "search/", "exercises/", "404.html"]
ALL = PAGES + exercise_pages() + [state_path("breathing", "go/box/1"), state_path("name-a-feeling", "go/families")]

# What overlaps what: every visible control's box against the quick exit's.
OVERLAPS = """() => {
  const exit = document.querySelector('[data-quick-exit]').getBoundingClientRect();
  const hits = [];
  for (const e of document.querySelectorAll('a, button, input, summary, select, textarea, [tabindex="0"]')) {
    if (e.closest('[data-quick-exit]') || e.classList.contains('skip-link')) continue;
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(e).visibility === 'hidden') continue;
    if (r.left < exit.right && r.right > exit.left && r.top < exit.bottom && r.bottom > exit.top) hits.push(e.textContent.trim().slice(0, 40));
  }
  return hits;
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def test_the_exit_covers_no_link_or_button_on_any_page(phone, served_site: str) -> None:
    for path in ALL:
        phone.goto(served_site + path)
        assert phone.evaluate(OVERLAPS) == [], path
        phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        # Scrolled to the end, the last control on the page is still the one a tap reaches.
        assert phone.evaluate("""() => { const all = [...document.querySelectorAll('main a, main button, footer a')].filter(e => e.getBoundingClientRect().height);
            const e = all[all.length - 1]; const r = e.getBoundingClientRect();
            return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('a, button') === e; }"""), path


def test_the_first_screen_shows_the_pages_heading(phone, served_site: str) -> None:
    for path in ALL:
        phone.goto(served_site + path)
        box = phone.locator("h1").first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740, (path, box)


@pytest.mark.parametrize("case", ["200% text at 360 px", "320 px"])
def test_no_page_scrolls_sideways(browser, served_site: str, case: str) -> None:
    context = browser.new_context(viewport={"width": 360 if "200%" in case else 320, "height": 740})
    page = context.new_page()
    if "200%" in case:
        large_text(context, page)
    wide = {}
    for path in ALL:
        page.goto(served_site + path)
        width = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if width > 0:
            wide[path] = width
    context.close()
    assert wide == {}


@pytest.mark.parametrize("path", ["understanding/what-is-numbness/", "help-now/", state_path("grounding", "go/see")])
def test_focus_is_never_hidden_behind_the_crisis_bar(phone, served_site: str, path: str) -> None:
    phone.goto(served_site + path)
    hidden = []
    for _ in range(120):
        phone.keyboard.press("Tab")
        where = phone.evaluate("""() => { const e = document.activeElement; if (!e || e === document.body) return null;
            const bar = document.querySelector('.crisis-bar').getBoundingClientRect(), r = e.getBoundingClientRect();
            return {inBar: !!e.closest('.crisis-bar'), top: r.top, bottom: r.bottom, barBottom: bar.bottom, text: e.textContent.trim().slice(0, 30),
                    last: !e.closest('footer') ? false : e === [...document.querySelectorAll('footer a')].pop()}; }""")
        if where is None or where["text"] == "Skip to the main content":  # drawn above the bar when focused
            continue
        if not where["inBar"] and where["top"] < where["barBottom"] - 1:
            hidden.append(where["text"])
        if where["last"]:
            break
    assert hidden == []


def sizes(page, selector: str) -> list[tuple[str, float, float]]:
    return page.evaluate("""s => [...document.querySelectorAll(s)].filter(e => e.getBoundingClientRect().width)
        .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect().width, e.getBoundingClientRect().height])""", selector)


def test_targets_are_large_enough(phone, served_site: str) -> None:
    """At least 24×24 for every control outside running text (links inside a sentence are WCAG 2.5.8's exception);
    44×44 for the exercises' controls and the quick exit."""
    small, cramped = [], []
    for path in ALL:
        phone.goto(served_site + path)
        for text, w, h in sizes(phone, ".crisis-bar a, .site-header a, .site-nav a, .breadcrumbs a, .footer-links a, .contact a, .pager a, .cards a, .search-row button"):
            if w < 24 or h < 24:
                small.append((path, text, w, h))
        for text, w, h in sizes(phone, "#panel a.choice, #panel .rating a, #panel button, #panel .exercise-nav a, .quick-exit"):
            if w < 44 or h < 44:
                cramped.append((path, text, w, h))
    assert sorted({s[1:] for s in small}) == [] and cramped == []


def test_without_javascript_each_step_opens_on_its_panel(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(served_site + "exercises/grounding/")
    click(page, "Skip this and start")
    for label in ("Next", "Next", "Next", "Next"):
        page.wait_for_load_state()
        assert page.url.endswith("#panel")
        box = page.locator("#panel").get_by_role("link", name=label, exact=True).bounding_box()
        assert box["y"] + box["height"] <= 740, (page.url, box)
        before = page.url
        click(page, label)
        page.wait_for_url(lambda url: url != before)
    context.close()


def test_breathing_start_is_on_screen_after_choosing_a_length(browser, served_site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(served_site + "exercises/breathing/")
    click(page, "Skip this and start")
    wait_until(page, "() => document.getElementById('panel-title').textContent.length > 0 && location.pathname.split('/').length > 5")
    click(page, "Longer out-breath")
    wait_until(page, "() => !!document.querySelector('#panel a.choice')")
    click(page, "1 minute")
    wait_until(page, "() => !!document.querySelector('[data-action=start]:not([hidden])')")
    box = page.get_by_role("button", name="Start").bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 740, box
    context.close()
