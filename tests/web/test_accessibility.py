"""axe-core (WCAG 2.2 A and AA) on every kind of page and every state of every exercise, light and dark."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from thaw.web.exercises import EXERCISES
from thaw.web.exercises.base import RATINGS, UNRATED

from conftest import state_path

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def exercise_states() -> list[str]:
    """Each state once: rated exercises through the unrated path, plus a numbered start, finish and both results."""
    paths = []
    for exercise in EXERCISES.values():
        for state in exercise.states():
            before = state.split("/", 1)[0]
            if exercise.rated and before in RATINGS and state not in ("7/see", "7/done", "7/done/3", "3/done/7"):
                continue
            if not exercise.rated and state == exercise.first_state():
                continue
            paths.append(state_path(exercise.slug, state))
    return paths


PAGES = ["", "understanding/", "understanding/what-is-numbness/", "freeze-response/freeze-response/", "therapy/therapy-options/", "getting-help/glossary/", "privacy/", "browsing-safely/", "tags/", "tags/numbness/", "help-now/", "404.html", "exercises/", "search/"]


# The Spanish edition: every kind of page it has (its sections with articles, its tags), and every exercise state.
SPANISH = ["es/", "es/understanding/", "es/understanding/what-is-numbness/", "es/freeze-response/freeze-response/", "es/therapy/therapy-options/",
           "es/getting-help/glossary/", "es/privacy/", "es/browsing-safely/", "es/tags/", "es/help-now/", "es/404.html", "es/exercises/", "es/search/",
           "es/articles/"]


def spanish_states() -> list[str]:
    """The Spanish exercise pages axe sees: each exercise's first, second and last states (with the rating and result
    screens): the templates are the English pages', tested in every state above; what differs is the words."""
    paths = []
    for exercise in EXERCISES.values():
        states = [s for s in exercise.states() if s.split("/", 1)[0] not in RATINGS or s in ("7/see", "7/done/3", "3/done/7")]
        paths += ["es/" + state_path(exercise.slug, state) for state in dict.fromkeys(states[:2] + states[-2:])]
    return paths


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(browser, served_site: str, axe: Axe, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    page = context.new_page()
    failures = {}
    paths = PAGES + exercise_states() + (SPANISH if scheme == "light" else spanish_states())  # the Spanish half each
    assert len(paths) > 80 and UNRATED
    for path in paths:
        page.goto(served_site + path)
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        assert result.response["passes"], f"axe did not run on {path}"
        violations = result.response["violations"]
        if violations:
            failures[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert failures == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("query", ["window of tolerance", "dissasociation", "I want to die", "qqqzzz", "es:ventana de tolerancia", "es:quiero morir"])
def test_the_search_page_with_results_passes_axe(browser, served_site: str, axe: Axe, scheme: str, query: str) -> None:
    """Results with marked words and excerpt links, a corrected typo, crisis help first, and no result (issue 20);
    the same in Spanish."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    page = context.new_page()
    edition, _, query = query.rpartition(":")
    page.goto(served_site + (f"{edition}/" if edition else "") + "search/")
    page.locator("input[type=search]").fill(query)
    page.wait_for_function("() => document.querySelector('.search-status').textContent.length > 0", timeout=10_000)
    if query == "window of tolerance":
        assert page.locator(".search-results mark").count() and page.locator(".search-under a").count()
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert result.response["passes"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]] == []
    context.close()
