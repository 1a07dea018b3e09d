"""Every sentence of the Privacy and Browsing safely pages that says what the site does has a test that would fail if
it became false. The last test reads both built pages and fails on any sentence that is neither guarded nor listed as
advice or a caveat: a new promise cannot be published without its test."""
from __future__ import annotations

import importlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from thaw.web.exercises import EXERCISES, all_urls
from thaw.web.exercises.tokens import ALPHABET, LENGTH, state_token

from conftest import open_with_stopped_clock, state_path
from test_browser_exercises import WATCH, click, wait_until
from test_nginx import nginx_server  # noqa: F401  (the fixture: Debian's nginx with an access log)
from test_site import Page

NEUTRAL = "https://www.google.com/"
TOKEN = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


# --- the sentences and what guards them ---------------------------------------------------------------------------

PROMISES: dict[str, list[str]] = {
    # privacy
    "This site does not track you, and it does not ask who you are.": [
        "test_promises::test_a_visit_sets_no_cookie_stores_nothing_and_talks_to_no_other_host",
        "test_promises::test_no_page_asks_who_you_are"],
    "It sets no cookies.": ["test_promises::test_a_visit_sets_no_cookie_stores_nothing_and_talks_to_no_other_host"],
    "It stores nothing in your browser, unless you ask it to keep the exercises available offline.": [
        "test_promises::test_a_visit_sets_no_cookie_stores_nothing_and_talks_to_no_other_host",
        "test_offline::test_offline_copy_only_after_the_visitor_asks_and_removable"],
    "It has no analytics, no advertising and no social media buttons.": ["test_promises::test_pages_run_only_the_sites_own_scripts"],
    "It loads nothing from any other website.": ["test_promises::test_a_visit_sets_no_cookie_stores_nothing_and_talks_to_no_other_host",
                                                 "test_promises::test_pages_run_only_the_sites_own_scripts"],
    "Every page, picture and script comes from this site itself.": ["test_promises::test_pages_run_only_the_sites_own_scripts"],
    "When you follow a link to another website, your browser is asked not to tell that site where you came from.": [
        "test_promises::test_a_link_out_sends_no_referrer"],
    "Your answers are not saved, and nothing is sent to us or to anyone else.": ["test_promises::test_an_exercise_walk_only_fetches_pages"],
    "Each answer you tap opens the next page of the exercise from this site.": ["test_promises::test_an_exercise_walk_only_fetches_pages"],
    "The address of that page is a code, such as /exercises/grounding/jrfmnfnx/, and its title names the exercise, not your answer.": [
        "test_promises::test_exercise_addresses_are_codes_and_the_example_is_real",
        "test_promises::test_exercise_titles_name_the_exercise_never_an_answer",
        "test_promises::test_the_hosts_log_of_an_exercise_holds_no_answer"],
    "Search runs in your browser, and what you type is not sent anywhere.": ["test_promises::test_search_sends_only_two_letters_of_a_word"],
    "To look up a word, your browser fetches small files from this site: a list of words named after the first two letters of your word (or just the first letter, or none), and, on a large site, a list of results.": [
        "test_promises::test_search_sends_only_two_letters_of_a_word", "test_search::test_no_shard_is_named_by_more_than_two_letters",
        "test_search::test_at_5000_articles_every_query_needs_at_most_4_requests"],
    "So the host could see those letters, but not what you typed.": ["test_promises::test_search_sends_only_two_letters_of_a_word"],
    # browsing safely
    "Every page has a Leave this site button at the top.": ["test_promises::test_every_page_has_the_exit_at_the_top"],
    "On most phones and computers it stays at the top of the screen as you scroll.": ["test_promises::test_the_exit_stays_in_view_as_you_scroll"],
    "If your text is very large, or your screen is short, scroll back to the top to find it.": [
        "test_promises::test_with_large_text_or_a_short_screen_the_exit_waits_at_the_top"],
    "The button opens an everyday website straight away, in place of the page you were on.": [
        "test_promises::test_the_exit_replaces_only_the_page_you_were_on", "test_quick_exit::test_leaving_covers_the_page_with_a_message_before_the_next_site_loads"],
    "If you press the back button once after that, you will not see the page you were reading.": ["test_promises::test_the_exit_replaces_only_the_page_you_were_on"],
    "Pages you looked at before it are still in your history.": ["test_promises::test_the_exit_replaces_only_the_page_you_were_on"],
    "With a keyboard, you can also press the Shift key on its own three times, with no more than 5 seconds between presses.": [
        "test_quick_exit::test_shift_alone_three_times_with_pauses_leaves_and_says_so_on_the_way",
        "test_quick_exit::test_presses_further_apart_than_the_window_start_again",
        "test_promises::test_presses_just_under_five_seconds_apart_still_leave"],
    "After the first and second press, three small dots on the button fill in, and a screen reader hears how many presses are left.": [
        "test_quick_exit::test_shift_alone_three_times_with_pauses_leaves_and_says_so_on_the_way"],
    "Typing capital letters does not count.": ["test_quick_exit::test_typing_capitals_in_search_never_leaves"],
    "A history entry for an exercise shows the exercise's name, and sometimes a step number.": [
        "test_promises::test_exercise_titles_name_the_exercise_never_an_answer"],
    "It never shows your answers.": ["test_promises::test_exercise_titles_name_the_exercise_never_an_answer",
                                     "test_promises::test_exercise_addresses_are_codes_and_the_example_is_real"],
    "Each step of an exercise takes the place of the one before in your history, so an exercise is one entry, and the back button leaves it.": [
        "test_browser_exercises::test_back_leaves_the_exercise_and_reload_shows_the_right_full_page",
        "test_quick_exit::test_back_after_the_exit_lands_on_no_exercise_answer"],
    "If JavaScript is switched off in your browser, each step is a new entry, and the Leave this site button works like a normal link, so the back button can bring you back here.": [
        "test_promises::test_without_javascript_steps_are_entries_and_the_exit_is_a_plain_link"],
    "If you chose to keep the exercises available offline, your browser holds a copy of them.": [
        "test_offline::test_offline_copy_only_after_the_visitor_asks_and_removable"],
    "You can remove it with the button below, or by clearing this site's data in your browser's settings.": [
        "test_offline::test_offline_copy_only_after_the_visitor_asks_and_removable"],
    "If you like, this device can keep a copy of the exercises and the crisis page, so they work even without internet.": [
        "test_offline::test_offline_copy_only_after_the_visitor_asks_and_removable"],
    "Nothing is saved unless you choose it.": ["test_offline::test_offline_copy_only_after_the_visitor_asks_and_removable"],
}

# Sentences that promise nothing about the site: advice, instructions for a browser, and honest limits.
NOT_PROMISES = {
    "Even so, the company that hosts this site could work out which pages you opened, as with any website.",
    "Like any website, the company that hosts this site may keep short technical logs.",
    "These can include which pages were opened, when, and the address of your device.",
    "Your browser also keeps a history of the pages you visit.",
    "Browsing safely explains what the history keeps and how to clear it.",
    "If you have a question about privacy, you can write to hello@example.org.",
    "If you are worried that someone may check what you look at online, these steps can help.",
    "They can't remove every trace, so if you can, use a device that only you use.",
    "Your browser remembers the pages you open here, with their titles, unless you use a private window.",
    "A private window does not keep the pages you visit in your history after you close it.",
    'Chrome and Edge: open the menu (three dots) and choose "New Incognito window" or "New InPrivate window".',
    'Safari on iPhone: tap the tabs button, then "Private".',
    'Firefox: open the menu (three lines) and choose "New private window".',
    "If you did not use a private window, you can delete this site from your history.",
    'In most browsers, open the menu and look for "History".',
    "You can often delete one site without clearing everything, which can be less noticeable.",
    "Anyone who uses this browser could find the copy, and you can remove it at any time.",
    "Keep the exercises available offline on this device Remove the offline copy",
    "Your search engine may keep a record of searches if you are signed in.",
    "Emails, texts or calls to a service may show up on a shared phone bill or account.",
    "A work or school network, or your internet provider, may keep a record of the sites you visit.",
    "The Leave this site button cannot change that.",
    "If you are not safe where you are, help is available now.",
}


class _Sentences(HTMLParser):
    """The sentences of every paragraph and list item inside <main>."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main, self.current, self.blocks = False, None, []

    def handle_starttag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        if tag == "main":
            self.in_main = True
        elif self.in_main and tag in ("p", "li") and self.current is None:
            self.current = [tag, ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        elif self.current and tag == self.current[0]:
            self.blocks.append(self.current[1])
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current:
            self.current[1] += data


def sentences(html: str) -> list[str]:
    parser = _Sentences()
    parser.feed(html)
    found = []
    for block in parser.blocks:
        found += [s for s in re.split(r'(?<=[.!?])\s+(?=[A-Z"])', " ".join(block.split())) if s]
    return found


@pytest.mark.parametrize("page", ["privacy", "browsing-safely"])
def test_every_sentence_is_guarded_by_a_test_or_promises_nothing(built_site: Path, page: str) -> None:
    unclassified = []
    for sentence in sentences((built_site / page / "index.html").read_text(encoding="utf-8")):
        if sentence in NOT_PROMISES:
            continue
        if sentence not in PROMISES:
            unclassified.append(sentence)
            continue
        for guard in PROMISES[sentence]:
            module, name = guard.split("::")
            assert callable(getattr(importlib.import_module(module), name, None)), f"{sentence!r}: no test {guard}"
    assert unclassified == [], "a sentence with no test: add a test to PROMISES, or list it in NOT_PROMISES if it promises nothing"


def test_every_guarded_sentence_is_still_published(built_site: Path) -> None:
    published = set()
    for page in ("privacy", "browsing-safely"):
        published.update(sentences((built_site / page / "index.html").read_text(encoding="utf-8")))
    assert set(PROMISES) - published == set(), "a guarded sentence was reworded: update PROMISES and check its tests still hold"


# --- the guards -----------------------------------------------------------------------------------------------------

PAGE_TYPES = ["", "understanding/", "understanding/what-is-numbness/", "therapy/therapy-options/", "tags/", "tags/numbness/",
              "articles/", "help-now/", "privacy/", "browsing-safely/", "search/", "exercises/", "404.html"]


def exercise_pages() -> list[str]:
    return [state_path("grounding"), state_path("grounding", "go/see"), state_path("grounding", "2/done/9"),
            state_path("breathing", "go/longer-out-breath"), state_path("time-to-get-help", "urgent"),
            state_path("check-in"), state_path("worksheets", "safety-plan")]


def crisis_words_walk(page, served_site: str) -> None:
    """A visitor who answers the sensitive questions: Yes to thoughts of ending their life; a rating from 2 to 9."""
    page.goto(served_site + "exercises/time-to-get-help/")
    click(page, "Yes")
    wait_until(page, "() => document.getElementById('panel-title').textContent.includes('reach out')")
    page.goto(served_site + "exercises/grounding/")
    click(page, "2")
    for label in ("Next", "Next", "Next", "Next", "Finish", "9"):
        before = page.url
        click(page, label)
        page.wait_for_url(lambda url: url != before)


def test_a_visit_sets_no_cookie_stores_nothing_and_talks_to_no_other_host(browser, served_site: str) -> None:
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for path in PAGE_TYPES + exercise_pages():
        page.goto(served_site + path)
        assert page.evaluate("window.__thaw") == {"storage": [], "csp": []}, path
    crisis_words_walk(page, served_site)
    page.goto(served_site + "search/")
    page.locator("input[type=search]").first.fill("numb")
    page.wait_for_timeout(400)
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("indexedDB.databases().then(d => d.length)") == 0
    assert page.evaluate("caches.keys().then(k => k.length)") == 0
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => !r)")
    origin = urlsplit(served_site).netloc
    assert [u for u in requests if urlsplit(u).netloc != origin] == []
    context.close()


def test_no_page_asks_who_you_are(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        page = Page(path.read_text(encoding="utf-8"))
        fields = [a for t, a in page.tags if t in ("input", "textarea", "select")]
        # The search box, and the breathing exercise's "say the steps aloud" switch; nothing that asks who you are.
        assert all(a.get("type") in ("search", "checkbox") and "name" not in a or a.get("type") == "search" for a in fields), f"{path}: {fields}"
        assert not [a for t, a in page.tags if t == "form" and a.get("method", "get").lower() == "post"], path


def test_pages_run_only_the_sites_own_scripts(built_site: Path) -> None:
    own = re.compile(r"^/practice/assets/(thaw|search|stemmer-es|htmx-[0-9.]+\.min)\.[0-9a-f]+\.js$")
    for path in built_site.rglob("*.html"):
        page = Page(path.read_text(encoding="utf-8"))
        for tag, attrs in page.tags:
            if tag == "script" and attrs.get("type") not in ("application/ld+json", "application/json"):
                assert own.match(attrs.get("src", "")), f"{path}: script {attrs}"
            assert tag not in ("iframe", "object", "embed"), path
            if tag in ("img", "source", "audio", "video"):
                assert attrs.get("src", "/practice/").startswith("/practice/"), f"{path}: {attrs}"
            if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
                assert attrs["href"].startswith("/practice/"), f"{path}: {attrs}"


def test_a_link_out_sends_no_referrer(browser, served_site: str, built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        assert '<meta name="referrer" content="no-referrer">' in path.read_text(encoding="utf-8"), path
    context = browser.new_context()
    seen = []

    def answer(route):
        seen.append(route.request.headers.get("referer"))
        route.fulfill(status=200, content_type="text/html", body="<title>Away</title>")

    context.route("https://findahelpline.com/**", answer)
    page = context.new_page()
    page.goto(served_site + "help-now/")
    page.locator("a[href='https://findahelpline.com/']").click()
    page.wait_for_url("https://findahelpline.com/")
    assert seen == [None]
    context.close()


def test_an_exercise_walk_only_fetches_pages(browser, served_site: str) -> None:
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append((r.method, r.url, r.post_data)))
    crisis_words_walk(page, served_site)
    assert requests and all(method == "GET" and body is None for method, _, body in requests)
    assert all(urlsplit(url).query == "" and url.startswith(served_site) for _, url, _ in requests)
    assert page.evaluate("window.__thaw") == {"storage": [], "csp": []}
    context.close()


def answer_words() -> set[str]:
    """Every answer a visitor can give in an exercise, as words: choice labels, ratings, and the states' own names."""
    words = {"yes", "no", "urgent", "soon", "for-now", "done", "unsafe", "suicide", "harm", "harming", "ending", "worse", "distressed"}
    words.update(str(n) for n in range(11))
    for exercise in EXERCISES.values():
        for state in exercise.states():
            words.update(part for part in state.split("/") if part)
    return words - {"go", "start"}


def test_exercise_addresses_are_codes_and_the_example_is_real(built_site: Path) -> None:
    example = state_path("grounding", "go/see")
    assert example == "exercises/grounding/jrfmnfnx/" and (built_site / example / "index.html").is_file()
    answers = answer_words()
    for endpoint, values in all_urls():
        if endpoint == "exercises.step":
            assert TOKEN.match(values["token"]), values
            assert values["token"] not in answers
    for folder in (p for p in (built_site / "exercises").iterdir() if p.is_dir()):
        for step in (p for p in folder.iterdir() if p.is_dir()):
            assert TOKEN.match(step.name), f"{step}: an exercise address that is not a code"


def _title(built_site: Path, slug: str, state: str) -> str:
    html = (built_site / state_path(slug, state) / "index.html").read_text(encoding="utf-8")
    return re.search(r"<title>(.*?)</title>", html).group(1)


def test_exercise_titles_name_the_exercise_never_an_answer(built_site: Path, app) -> None:
    answers = answer_words()
    with app.test_request_context():
        for exercise in EXERCISES.values():
            for state in exercise.states():
                title = _title(built_site, exercise.slug, state)
                screen = exercise.screen(state)
                expected = f"Step {screen.step[0]} of {screen.step[1]} · {exercise.title}" if screen.step else exercise.title
                expected = str(expected)
                assert title.startswith(expected), (exercise.slug, state, title)
                assert not set(re.findall(r"[a-z0-9-]+", title[len(expected):].lower())) & answers, (exercise.slug, state, title)
        # Two visitors who answered differently see the same titles.
        assert len({_title(built_site, "time-to-get-help", s) for s in ("urgent", "soon", "for-now")}) == 1
        assert len({_title(built_site, "grounding", f"{b}/done/{a}") for b in ("go", "0", "9") for a in ("0", "5", "10")}) == 1
        assert len({_title(built_site, "grounding", f"{b}/feel") for b in ("go", "0", "10")}) == 1


def test_the_hosts_log_of_an_exercise_holds_no_answer(browser, nginx_server) -> None:  # noqa: F811
    url, log = nginx_server
    context = browser.new_context()
    page = context.new_page()
    start = log.stat().st_size if log.exists() else 0
    crisis_words_walk(page, url)
    context.close()
    lines = log.read_text(encoding="utf-8")[start:].splitlines()
    paths = [re.search(r'"GET (\S+) HTTP', line).group(1) for line in lines if '"GET ' in line]
    assert any("/exercises/time-to-get-help/" in p for p in paths) and len(paths) > 8
    answers = answer_words() | {"reach", "crisis"}
    for path in paths:
        assert "?" not in path
        if "/exercises/" in path:
            assert not set(re.findall(r"[a-z0-9-]+", path.split("/exercises/", 1)[1])) & answers, path


def test_search_sends_only_two_letters_of_a_word(browser, nginx_server) -> None:  # noqa: F811
    url, log = nginx_server
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "search/")
    start = log.stat().st_size
    requests = []
    page.on("request", lambda r: requests.append((r.method, r.url)))
    box = page.locator("input[type=search]").first
    box.fill("hopeless feeling")
    box.press("Enter")
    page.wait_for_timeout(800)
    context.close()
    assert requests and all(m == "GET" and urlsplit(u).path.startswith(("/practice/search/", "/practice/assets/")) for m, u in requests), requests
    fetched = [urlsplit(u).path.split("/practice/search/", 1)[1] for _, u in requests if "/practice/search/" in u]
    assert all(re.fullmatch(r"terms/(-|([a-z0-9]|-[0-9a-f]{2,}){1,2})\.json|docs/\d+\.json", f) for f in fetched), fetched
    assert {"terms/ho.json", "terms/h.json", "terms/-.json"} & set(fetched) and {"terms/fe.json", "terms/f.json", "terms/-.json"} & set(fetched)
    logged = log.read_text(encoding="utf-8")[start:]
    assert "hope" not in logged and "feel" not in logged


def test_every_page_has_the_exit_at_the_top(browser, served_site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in PAGE_TYPES + exercise_pages():
        page.goto(served_site + path)
        box = page.get_by_role("link", name="Leave this site").bounding_box()
        assert box is not None and box["y"] < 80, (path, box)
        first = page.evaluate("[...document.querySelectorAll('a, button, input')].filter(e => !e.classList.contains('skip-link'))[0].textContent")
        assert first.startswith("Leave this site"), path
    context.close()


@pytest.mark.parametrize("size", [(360, 740), (1280, 800)])
def test_the_exit_stays_in_view_as_you_scroll(browser, served_site: str, size: tuple[int, int]) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    for path in ("understanding/what-is-numbness/", "help-now/", state_path("grounding", "go/see")):
        page.goto(served_site + path)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        assert page.evaluate("scrollY") > 100, path
        box = page.get_by_role("link", name="Leave this site").bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 100, (path, box)
        exit_ = page.locator("[data-quick-exit]")
        assert exit_.evaluate("e => document.elementFromPoint(e.getBoundingClientRect().x + 5, e.getBoundingClientRect().y + 5).closest('[data-quick-exit]') === e")
    context.close()


def large_text(context, page) -> None:
    """The browser's own font-size setting at 200% (32 px), as a visitor sets it; not a page zoom."""
    session = context.new_cdp_session(page)
    session.send("Page.enable")
    session.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})


@pytest.mark.parametrize("case", ["200% text", "short screen"])
def test_with_large_text_or_a_short_screen_the_exit_waits_at_the_top(browser, served_site: str, case: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740} if case == "200% text" else {"width": 740, "height": 360})
    page = context.new_page()
    if case == "200% text":
        large_text(context, page)
    page.goto(served_site + "understanding/what-is-numbness/")
    exit_ = page.get_by_role("link", name="Leave this site")
    assert exit_.bounding_box()["y"] < 100
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert exit_.bounding_box()["y"] < -100, "the exit still covers the page at this size"
    page.evaluate("window.scrollTo(0, 0)")
    assert exit_.is_visible() and exit_.bounding_box()["y"] < 100
    context.close()


def test_the_exit_replaces_only_the_page_you_were_on(browser, served_site: str) -> None:
    context = browser.new_context()
    context.route(NEUTRAL + "**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Neutral</title>"))
    page = context.new_page()
    page.goto(served_site + "understanding/")
    page.goto(served_site + "understanding/what-is-numbness/")
    page.get_by_role("link", name="Leave this site").click()
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert page.url == served_site + "understanding/", "Back showed the page the visitor was reading"
    context.close()


def test_presses_just_under_five_seconds_apart_still_leave(browser, served_site: str) -> None:
    context = browser.new_context()
    context.route(NEUTRAL + "**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Neutral</title>"))
    page = context.new_page()
    open_with_stopped_clock(page, served_site)
    for wait in (4_800, 4_800, 0):
        page.keyboard.down("Shift")
        page.keyboard.up("Shift")
        page.clock.run_for(wait)
    page.wait_for_url(NEUTRAL)
    context.close()


def test_without_javascript_steps_are_entries_and_the_exit_is_a_plain_link(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "exercises/grounding/")
    entries = page.evaluate("history.length")
    click(page, "Skip this and start")
    page.wait_for_url("**/" + state_path("grounding", "go/see") + "#panel")
    click(page, "Next")
    page.wait_for_url("**/" + state_path("grounding", "go/feel") + "#panel")
    assert page.evaluate("history.length") == entries + 2
    exit_ = page.get_by_role("link", name="Leave this site")
    assert exit_.get_attribute("href") == NEUTRAL and exit_.get_attribute("target") is None
    context.close()
