"""The exercises in a real browser, on the frozen site under /practice/: with and without JavaScript."""
from __future__ import annotations

import pytest

from conftest import open_with_stopped_clock, state_path

# Records storage writes, cookie writes and CSP violations from the first script that runs on every page.
WATCH = """
window.__thaw = {storage: [], csp: []};
for (const name of ["setItem", "removeItem", "clear"]) {
  const original = Storage.prototype[name];
  Storage.prototype[name] = function (...args) { window.__thaw.storage.push(name); return original.apply(this, args); };
}
const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
Object.defineProperty(document, "cookie", {get() { return cookie.get.call(document); }, set(v) { window.__thaw.storage.push("cookie"); }});
document.addEventListener("securitypolicyviolation", e => window.__thaw.csp.push(e.violatedDirective + " " + e.blockedURI));
"""

WALKS = {
    "grounding": ["7", "Next", "Next", "Next", "Next", "Finish", "3"],
    "breathing": ["Skip this and start", "Longer out-breath", "1 minute", "I'm done", "5"],
    "name-a-feeling": ["Skip this and start", "Flat or numb", "I have a word", "4"],
    "check-in": ["Shut down"],
    "time-to-get-help": ["No", "No", "No", "No", "No"],
    "worksheets": ["Feelings journal"],
}
LAST_HEADING = {
    "grounding": "Thank you for trying this",
    "breathing": "Thank you for trying this",
    "name-a-feeling": "Thank you for trying this",
    "check-in": "Shut down",
    "time-to-get-help": "Looking after yourself for now",
    "worksheets": "Feelings journal",
}


def open_page(browser, **options):
    context = browser.new_context(**options)
    context.add_init_script(WATCH)
    page = context.new_page()
    seen = {"responses": [], "console": []}
    page.on("response", lambda r: seen["responses"].append((r.status, r.url)))
    page.on("console", lambda m: m.type in ("error", "warning") and seen["console"].append(m.text))
    return context, page, seen


def wait_until(page, script: str, arg=None, timeout: float = 5.0) -> None:
    """Poll a JS predicate with page.evaluate (wait_for_function would need 'unsafe-eval' under the site's CSP)."""
    import time

    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(script, arg):
                return
        except Error as error:  # the page is navigating (a reload, say): try again on the new page
            if "context was destroyed" not in str(error):
                raise
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        page.wait_for_timeout(50)


def click(page, label: str) -> None:
    links = page.locator("#panel").get_by_role("link", name=label, exact=True)
    (links if links.count() else page.locator("#panel").get_by_role("link", name=label)).first.click()


def assert_clean(page, seen, origin: str) -> None:
    assert [r for r in seen["responses"] if r[0] >= 400] == []
    assert all(url.startswith(origin) for _, url in seen["responses"]), "a request left the site"
    assert not [m for m in seen["console"] if "Content Security Policy" in m or "Refused" in m]
    report = page.evaluate("window.__thaw")
    assert report == {"storage": [], "csp": []}


@pytest.mark.parametrize("slug", sorted(WALKS))
def test_walk_each_exercise_with_htmx_swapping_only_the_panel(browser, served_site: str, slug: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(f"{served_site}exercises/{slug}/")
    page.wait_for_load_state("load")
    page.evaluate("window.__sameDocument = true")
    for label in WALKS[slug]:
        before = page.url
        click(page, label)
        if label in ("Shut down",) or slug == "worksheets":
            page.wait_for_url(lambda url: url != before)
        else:
            page.wait_for_url(lambda url: url != before)
            wait_until(page, "() => document.activeElement && document.activeElement.id === 'panel-title'")
    assert page.locator("#panel-title").inner_text() == LAST_HEADING[slug]
    assert page.locator("h1").count() == 1
    if slug not in ("check-in", "worksheets"):
        assert page.evaluate("window.__sameDocument === true"), "the page was reloaded instead of swapping the panel"
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


@pytest.mark.parametrize("slug", sorted(WALKS))
def test_walk_each_exercise_without_javascript(browser, served_site: str, slug: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}exercises/{slug}/")
    for label in WALKS[slug]:
        before = page.url
        click(page, label)
        page.wait_for_url(lambda url: url != before)
    assert page.locator("#panel-title").inner_text() == LAST_HEADING[slug]
    context.close()


def test_back_leaves_the_exercise_and_reload_shows_the_right_full_page(browser, served_site: str) -> None:
    """Steps replace each other in the history: Back leaves the exercise, Forward and reload show the step reached."""
    context, page, seen = open_page(browser)
    page.goto(f"{served_site}exercises/")
    page.locator("main").get_by_role("link", name="5-4-3-2-1 grounding").first.click()
    page.wait_for_url("**/exercises/grounding/")
    entries = page.evaluate("history.length")
    click(page, "7")
    page.wait_for_url("**/" + state_path("grounding", "7/see"))
    click(page, "Next")
    page.wait_for_url("**/" + state_path("grounding", "7/feel"))
    assert page.evaluate("history.length") == entries  # one history entry for the whole exercise
    page.go_back()
    page.wait_for_url(f"{served_site}exercises/")
    page.go_forward()
    page.wait_for_url("**/" + state_path("grounding", "7/feel"))
    wait_until(page, "() => document.getElementById('panel-title').textContent.startsWith('Notice 4')")
    page.reload()
    assert page.locator("h1").inner_text() == "5-4-3-2-1 grounding"
    assert page.locator("#panel-title").inner_text() == "Notice 4 things you can feel"
    assert page.locator(".site-header").is_visible()
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


def test_a_response_without_the_panel_is_never_swapped_in(browser, served_site: str) -> None:
    context, page, _ = open_page(browser)
    page.goto(f"{served_site}exercises/grounding/")
    # Point a step link at a page that has no exercise panel: the browser must load it as a page instead.
    page.evaluate("""() => { const a = document.querySelector('#panel a[hx-get]');
        a.setAttribute('hx-get', a.getAttribute('href').replace(/exercises\\/.*$/, 'help-now/'));
        a.setAttribute('href', a.getAttribute('hx-get')); htmx.process(a); }""")
    page.locator("#panel a[hx-get]").first.click()
    page.wait_for_url("**/practice/help-now/")
    assert page.locator("h1").inner_text() == "Get help now"
    context.close()


def test_breathing_announcements_stay_in_step_with_the_display(browser, served_site: str) -> None:
    context, page, seen = open_page(browser)
    open_with_stopped_clock(page, served_site + state_path("breathing", "go/longer-out-breath/1"))
    page.evaluate("""() => {
        window.__events = [];
        const box = document.querySelector('.breathing');
        const live = box.querySelector('[data-role=announce]'), shown = box.querySelector('[data-role=phase]');
        new MutationObserver(() => window.__events.push(['said', live.textContent, performance.now()])).observe(live, {childList: true, characterData: true, subtree: true});
        new MutationObserver(() => window.__events.push(['shown', shown.textContent, performance.now()])).observe(shown, {childList: true, characterData: true, subtree: true});
    }""")
    assert page.locator('[data-role="announce"]').get_attribute("aria-live") == "polite"
    start = page.evaluate("performance.now()")
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(61_000)
    events = page.evaluate("window.__events")
    said = [(text, t - start) for kind, text, t in events if kind == "said"]
    shown = [(text, t - start) for kind, text, t in events if kind == "shown"]
    phases = [text for text, _ in said if text.startswith("Breathe")]
    assert phases[:4] == ["Breathe in", "Breathe out", "Breathe in", "Breathe out"] and len(phases) == 12
    for (text, when), index in zip([s for s in said if s[0].startswith("Breathe")], range(12)):
        expected = (index // 2) * 10_000 + (4_000 if index % 2 else 0)
        assert abs(when - expected) <= 500, (text, when, expected)
    for text, when in said:
        assert any(t == text and abs(w - when) <= 500 for t, w in shown), (text, when)
    assert said[-1][0].startswith("Well done")
    assert page.get_by_role("button", name="Start again").is_visible()
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()


def test_breathing_never_starts_by_itself_and_pause_and_stop_work(browser, served_site: str) -> None:
    context, page, _ = open_page(browser)
    open_with_stopped_clock(page, served_site + state_path("breathing", "go/box/2"))
    page.clock.run_for(10_000)
    assert page.locator('[data-role="phase"]').inner_text() == "Ready when you are"
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(5_000)
    assert page.locator('[data-role="phase"]').inner_text() == "Hold"
    page.get_by_role("button", name="Pause").click()
    paused = page.locator('[data-role="time"]').inner_text()
    page.clock.run_for(10_000)
    assert page.locator('[data-role="time"]').inner_text() == paused
    assert page.locator('[data-role="phase"]').inner_text() == "Paused"
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(3_000)
    assert page.locator('[data-role="time"]').inner_text() != paused
    page.get_by_role("button", name="Stop").click()
    assert page.locator('[data-role="phase"]').inner_text() == "Stopped"
    assert page.evaluate("document.activeElement.textContent") == "Start again"
    context.close()


def test_breathing_with_reduced_motion_shows_a_count_not_motion(browser, served_site: str) -> None:
    context, page, _ = open_page(browser, reduced_motion="reduce")
    open_with_stopped_clock(page, served_site + state_path("breathing", "go/longer-out-breath/1"))
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(1_500)
    assert page.locator('[data-role="count"]').inner_text() == "3"
    assert page.locator('[data-role="circle"]').evaluate("e => getComputedStyle(e).transform") == "none"
    assert page.locator('[data-role="count"]').is_visible()
    context.close()


def test_breathing_works_as_plain_instructions_without_javascript(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + state_path("breathing", "go/longer-out-breath/3"))
    assert page.get_by_text("Breathe in for 4, breathe out for 6 seconds").is_visible()
    assert not page.get_by_role("button", name="Start").is_visible()
    assert page.get_by_text("You can keep your eyes open the whole time.").is_visible()
    context.close()


@pytest.mark.parametrize("sheet", ["feelings-journal", "trigger-log", "safety-plan", "starter-plan"])
def test_worksheets_print_on_a4_and_letter(browser, served_site: str, sheet: str) -> None:
    import re

    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + state_path("worksheets", sheet))
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator(".crisis-bar").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert width, "the worksheet is wider than the page"
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=False)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 2, (paper, pages)
    context.close()


def test_grounding_by_keyboard_only(browser, served_site: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(served_site + state_path("grounding", "go/see"))
    for expected in ("Notice 4", "Notice 3", "Notice 2", "Notice 1", "You finished"):
        if expected == "Notice 4":
            page.locator("#panel-title").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") in ("Next", "Finish")
        page.keyboard.press("Enter")
        wait_until(page, "e => document.activeElement.id === 'panel-title' && document.activeElement.textContent.startsWith(e)", expected)
    assert_clean(page, seen, served_site.split("/practice/")[0])
    context.close()
