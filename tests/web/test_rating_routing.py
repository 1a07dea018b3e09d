"""The 0–10 distress rating of the rated exercises: what it asks, how it is marked up, and where a hard "after" leads.

A high "after" rating (8–10), or a rise of 3 or more, leads to a result that puts the crisis options first. The
exercise pages are reached by following links from the start page, never by writing a state's address: those
addresses are not part of what is tested here.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import url_for

from thaw.config import crisis
from thaw.web.exercises import EXERCISES
from thaw.web.exercises.base import RATINGS, UNRATED

from test_browser_exercises import click, open_page, wait_until

RATED = sorted(slug for slug, exercise in EXERCISES.items() if exercise.rated)
HIGH = 8  # an "after" rating this high leads to the crisis options first
RISE = 3  # and so does a rise this large


def wants_crisis(before: str, after: str) -> bool:
    return int(after) >= HIGH or (before != UNRATED and int(after) - int(before) >= RISE)


# --- The routing, screen by screen ----------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", RATED)
def test_crisis_first_exactly_when_after_is_high_or_rose_by_three(app, slug: str) -> None:
    exercise = EXERCISES[slug]
    with app.test_request_context("/"):
        for before in (UNRATED, *RATINGS):
            for after in RATINGS:
                screen = exercise.screen(f"{before}/done/{after}")
                assert screen is not None, (before, after)
                assert screen.crisis_first is wants_crisis(before, after), (slug, before, after)


def test_the_routing_matches_the_issue_examples(app) -> None:
    grounding = EXERCISES["grounding"]
    with app.test_request_context("/"):
        crisis_first = {pair: grounding.screen(f"{pair[0]}/done/{pair[1]}").crisis_first for pair in
                        [("0", "10"), ("2", "9"), ("10", "10"), ("go", "8"), ("4", "7"), ("5", "7"), ("7", "7"), ("3", "4"), ("5", "4"), ("go", "7")]}
    assert crisis_first == {("0", "10"): True, ("2", "9"): True, ("10", "10"): True, ("go", "8"): True, ("4", "7"): True,
                            ("5", "7"): False, ("7", "7"): False, ("3", "4"): False, ("5", "4"): False, ("go", "7"): False}


def test_result_headings_never_name_an_answer(app) -> None:
    """Page titles may be made from the heading, and a title is seen in history, tabs and bookmarks."""
    grounding = EXERCISES["grounding"]
    with app.test_request_context("/"):
        headings = {grounding.screen(f"{b}/done/{a}").heading for b in (UNRATED, *RATINGS) for a in RATINGS}
    assert len(headings) == 2
    assert not [h for h in headings if re.search(r"\d|ease|worse|distress|crisis", h, re.I)]


def test_rating_prompts_ask_about_distress_and_make_no_storage_claim(app) -> None:
    grounding = EXERCISES["grounding"]
    with app.test_request_context("/"):
        start, done = grounding.screen(""), grounding.screen("2/done")
    for screen in (start, done):
        words = " ".join(screen.paragraphs)
        assert "distress" in words, screen.heading
        assert not re.search(r"strong|saved|sent|stays on this page", words), screen.heading
    assert "You can skip this." in " ".join(start.paragraphs)


def test_crisis_results_do_not_name_the_answers_and_the_others_do(app) -> None:
    grounding = EXERCISES["grounding"]
    with app.test_request_context("/"):
        hard, small, eased = grounding.screen("2/done/9"), grounding.screen("3/done/4"), grounding.screen("5/done/4")
    assert not re.search(r"\d", " ".join(hard.paragraphs))
    assert "you do not have to manage this on your own" in " ".join(hard.paragraphs).lower()
    assert "It went from 3 to 4. It did not ease this time" in small.paragraphs[0]
    assert "It went from 5 to 4. Something eased" in eased.paragraphs[0]


# --- The frozen pages, reached by following links ------------------------------------------------------------------

class Panel(HTMLParser):
    """The #panel of a frozen page: its tags in order and its links with their full and visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside #panel while > 0
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.links: list[dict[str, str]] = []
        self._hidden = 0
        self._link: dict[str, str] | None = None
        self._stack: list[tuple[str, bool]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if not self.depth and a.get("id") != "panel":
            return
        if tag in ("br", "img", "input", "hr", "meta", "link"):
            return
        self.depth += 1
        hidden = "visually-hidden" in a.get("class", "").split()
        self._hidden += hidden
        self._stack.append((tag, hidden))
        self.tags.append((tag, a))
        if tag == "a":
            self._link = {**a, "text": "", "visible": ""}
            self.links.append(self._link)

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        while self._stack:
            open_tag, hidden = self._stack.pop()
            self.depth -= 1
            self._hidden -= hidden
            if open_tag == "a":
                self._link = None
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link["text"] += data
            if not self._hidden:
                self._link["visible"] += data

    def link(self, visible: str) -> dict[str, str]:
        [found] = [a for a in self.links if " ".join(a["visible"].split()) == visible][:1] or [None]
        assert found is not None, f"no link {visible!r} in the panel: {[a['visible'] for a in self.links]}"
        return found

    def index(self, tag: str, **attrs: str) -> int:
        return next(i for i, (t, a) in enumerate(self.tags) if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items()))


def frozen(built_site: Path, href: str) -> Panel:
    path = built_site.parent / href.split("#")[0].lstrip("/")
    return Panel((path / "index.html" if not path.suffix else path).read_text(encoding="utf-8"))


def walk(built_site: Path, labels: list[str]) -> Panel:
    """Grounding's pages, from its start page, following the panel link with each visible label."""
    page = frozen(built_site, "/practice/exercises/grounding/")
    for label in labels:
        page = frozen(built_site, page.link(label)["href"])
    return page


def test_the_rating_is_a_named_group_whose_ends_say_what_they_mean(built_site: Path) -> None:
    for page in (walk(built_site, []), walk(built_site, ["2", "Next", "Next", "Next", "Next", "Finish"])):
        group = page.index("div", role="group")
        assert page.tags[group][1].get("aria-labelledby") == "rating-label"
        assert page.tags[group + 1] == ("ul", {"class": "rating"})
        assert page.index("p", id="rating-label") < group
        ratings = [a for a in page.links if "rating-value" in a.get("class", "")]
        assert [a["visible"].strip() for a in ratings] == list(RATINGS)
        assert [" ".join(a["text"].split()) for a in ratings] == ["0, calm", *RATINGS[1:10], "10, most distressed"]


def test_the_step_count_follows_the_heading_that_gets_focus(built_site: Path) -> None:
    page = walk(built_site, ["2", "Next"])
    assert page.index("h2", id="panel-title") < page.index("p", **{"class": "step-count"})


def test_a_small_rise_offers_help_on_its_own_line(built_site: Path) -> None:
    page = walk(built_site, ["3", "Next", "Next", "Next", "Next", "Finish", "4"])
    help_now = [a for a in page.links if a["href"].endswith("/help-now/")]
    assert len(help_now) == 1 and "choice" not in help_now[0].get("class", "")
    assert page.index("p", **{"class": "result-help"}) < page.index("ul", **{"class": "choices"})
    assert not [a for a in page.links if a["href"].startswith("tel:")]


# --- In a browser, by clicking: with htmx swapping the panel, and without JavaScript --------------------------------

WALK = ["Next", "Next", "Next", "Next", "Finish"]
OTHERS = [e.title for e in EXERCISES.values() if e.rated and e.slug != "grounding"]


def rate(page, value: str) -> None:
    page.locator("#panel .rating").get_by_role("link", name=re.compile(rf"^{value}(?!\d)")).click()


def step(page, label: str, js: bool) -> None:
    """Click a rating (by its number) or another panel link, and wait for the next screen."""
    url = page.url
    rate(page, label) if label.isdigit() else click(page, label)
    page.wait_for_url(lambda u: u != url)
    if js:
        wait_until(page, "() => document.activeElement && document.activeElement.id === 'panel-title'")


def walk_in_browser(page, served_site: str, before: str, after: str, js: bool) -> None:
    page.goto(f"{served_site}exercises/grounding/")
    for label in [before, *WALK, after]:
        step(page, label, js)


def panel_links(page) -> list[tuple[str, str]]:
    """(href, visible name) of every link in the panel, in document order."""
    links = page.locator("#panel a")
    return [(links.nth(i).get_attribute("href") or "", links.nth(i).inner_text().strip()) for i in range(links.count())]


def scroll_panel_to_top(page) -> None:
    """Bring the panel's top to the viewport's top, as far as the page allows (a no-JS step link may land there by itself)."""
    y = page.locator("#panel").bounding_box()["y"]
    if abs(y) > 1:
        page.mouse.move(180, 370)
        page.mouse.wheel(0, y)
        for _ in range(40):
            page.wait_for_timeout(50)
            now = page.locator("#panel").bounding_box()["y"]
            if abs(now) <= 1 or now == y:
                break
            y = now


@pytest.fixture(scope="module")
def first_service_tel(sample_config) -> str:
    tel = crisis.region(sample_config.region, sample_config.local_services).services[0].tel
    assert tel.startswith("tel:")
    return tel


@pytest.mark.parametrize("js", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize(("before", "after"), [("2", "9"), ("0", "10"), ("10", "10")])
def test_a_hard_after_rating_shows_crisis_options_first(browser, served_site: str, first_service_tel: str, before: str, after: str, js: bool) -> None:
    context, page, _ = open_page(browser, viewport={"width": 360, "height": 740}, java_script_enabled=js)
    walk_in_browser(page, served_site, before, after, js)
    assert page.locator("#panel-title").inner_text() == "Thank you for checking in with yourself"
    links = panel_links(page)
    hrefs = [href for href, _ in links]
    assert first_service_tel in hrefs, links
    first_other = next(i for i, (_, name) in enumerate(links) if name in OTHERS)
    assert hrefs.index(first_service_tel) < first_other
    assert "you could try another exercise" in page.locator("#panel").inner_text()
    names = [name for _, name in links]
    assert names.index("Get help now") > max(names.index(title) for title in OTHERS)
    scroll_panel_to_top(page)
    call = page.locator(f'#panel a[href="{first_service_tel}"]').first
    box = call.bounding_box()
    assert call.is_visible() and 0 <= box["y"] and box["y"] + box["height"] <= 740, box
    assert page.locator("#panel").get_by_text("You do not have to manage this on your own").is_visible()
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["htmx", "no-js"])
def test_an_eased_rating_shows_the_eased_message(browser, served_site: str, first_service_tel: str, js: bool) -> None:
    context, page, _ = open_page(browser, viewport={"width": 360, "height": 740}, java_script_enabled=js)
    walk_in_browser(page, served_site, "5", "4", js)
    assert page.locator("#panel-title").inner_text() == "Thank you for trying this"
    text = page.locator("#panel").inner_text()
    assert "It went from 5 to 4. Something eased" in text
    assert first_service_tel not in [href for href, _ in panel_links(page)]
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["htmx", "no-js"])
def test_a_small_rise_keeps_the_gentle_message_with_help_close_by(browser, served_site: str, js: bool) -> None:
    context, page, _ = open_page(browser, viewport={"width": 360, "height": 740}, java_script_enabled=js)
    walk_in_browser(page, served_site, "3", "5", js)
    assert page.locator("#panel-title").inner_text() == "Thank you for trying this"
    panel = page.locator("#panel")
    assert "It did not ease this time" in panel.inner_text()
    assert panel.locator(".result-help").get_by_role("link", name="Get help now").is_visible()
    context.close()


def test_the_rating_is_a_named_group_of_large_enough_links(browser, served_site: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context, page, seen = open_page(browser, viewport={"width": 360, "height": 740})
    page.goto(f"{served_site}exercises/grounding/")
    axe = Axe()
    tags = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}

    def clean() -> None:
        result = axe.run(page, context="#panel", options=tags).response  # the whole page: test_accessibility
        violations = result["violations"]
        assert result["passes"], page.url
        assert violations == [], (page.url, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])

    group = page.locator("#panel").get_by_role("group", name=re.compile("How distressed or overwhelmed do you feel right now"))
    links = group.get_by_role("link")
    assert links.count() == 11
    # Chromium puts a space before the visually hidden part ("0 , calm"): screen readers say "0, calm" either way
    for shown, name in [("0", r"^0 ?, calm$"), ("10", r"^10 ?, most distressed$")]:
        end = group.get_by_role("link", name=re.compile(name))
        assert end.evaluate("a => [...a.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.data).join('').trim()") == shown
        hidden = end.locator(".visually-hidden").bounding_box()
        assert hidden["width"] <= 1 and hidden["height"] <= 1
    for i in range(11):
        box = links.nth(i).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (i, box)
    clean()
    for label in ["2", "Next"]:
        step(page, label, True)
    assert page.locator("#panel-title").inner_text() == "Notice 4 things you can feel"
    # the focused heading comes first, and the step count right after it in reading order
    assert page.evaluate("""() => { const h = document.getElementById('panel-title'), s = document.querySelector('#panel .step-count');
        return !!s && !h.contains(s) && !!(h.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING)
            && s.textContent.trim() === 'Step 2 of 5'; }""")
    clean()
    for label in ["Next", "Next", "Next", "Finish"]:
        step(page, label, True)
    clean()
    step(page, "9", True)
    clean()
    step(page, "Start again", True)
    for label in ["3", *WALK, "4"]:
        step(page, label, True)
    clean()
    context.close()
