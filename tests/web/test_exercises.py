"""Exercises on the server side: every state is a page, step links are htmx-enhanced real links."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import render_template

from thaw.web.app import create_app
from thaw.web.exercises import EXERCISES, all_urls
from thaw.web.exercises.tokens import state_token

from conftest import TODAY, article, state_path
from test_site import Page

BASE = "/practice/exercises/"


def urls() -> list[str]:
    return [f"{BASE}{args['slug']}/" + (f"{args['token']}/" if "token" in args else "") for _, args in all_urls()]


def at(slug: str, state: str = "") -> str:
    """The frozen address of an exercise state."""
    return "/practice/" + state_path(slug, state)


@pytest.fixture(scope="module")
def exercise_pages(built_site: Path) -> dict[str, Page]:
    root = built_site.parent
    return {url: Page((root / url.lstrip("/") / "index.html").read_text(encoding="utf-8")) for url in urls()}


def test_every_state_of_every_exercise_is_a_frozen_page(exercise_pages: dict[str, Page]) -> None:
    assert len(exercise_pages) == len(set(urls())) > 100
    for url, page in exercise_pages.items():
        assert page.find("section", id="panel"), url
        assert page.find("h2", id="panel-title"), url
        assert [s for t, s in page.tags if t == "script" and s.get("src", "").startswith("/practice/assets/thaw.")], url


def test_step_links_are_real_links_enhanced_with_htmx(exercise_pages: dict[str, Page]) -> None:
    for url, page in exercise_pages.items():
        for attrs in page.find("a"):
            if "hx-get" not in attrs:
                continue
            assert attrs["href"] == attrs["hx-get"] + "#panel" and attrs["href"].startswith(BASE), url
            assert (attrs["hx-select"], attrs["hx-target"], attrs["hx-swap"], attrs["hx-replace-url"]) == ("#panel", "#panel", "outerHTML", "true"), url
            assert "hx-push-url" not in attrs, url


def test_grounding_walks_through_the_five_senses(exercise_pages: dict[str, Page]) -> None:
    headings = [exercise_pages[at("grounding", f"go/{s}")].text("h2") for s in ("see", "feel", "hear", "smell", "taste")]
    assert [h.split()[1] for h in headings] == ["5", "4", "3", "2", "1"]
    last = exercise_pages[at("grounding", "go/taste")]
    assert last.find("a", href=at("grounding", "go/done") + "#panel")
    assert exercise_pages[at("grounding", "7/see")].find("a", href=at("grounding", "7/feel") + "#panel")


def test_results_compare_before_and_after(exercise_pages: dict[str, Page]) -> None:
    eased = exercise_pages[at("grounding", "7/done/3")].text("section")
    same = exercise_pages[at("grounding", "5/done/7")].text("section")
    worse = exercise_pages[at("grounding", "3/done/7")].text("section")  # a rise of 3 or more: crisis options first
    assert "It went from 7 to 3" in eased and "try another exercise" not in eased
    assert "It did not ease this time" in same and "try another exercise" in same and "help is there for you now" in same
    assert "It sounds like you feel worse than when you started" in worse and "It went from" not in worse


def test_urgent_outcome_shows_crisis_lines_first(exercise_pages: dict[str, Page]) -> None:
    first = exercise_pages[at("time-to-get-help")]
    assert first.find("a", href=at("time-to-get-help", "urgent") + "#panel")
    assert "not a diagnosis" in first.text("section")
    urgent = exercise_pages[at("time-to-get-help", "urgent")]
    links = [a.get("href", "") for t, a in urgent.tags if t == "a" and a.get("href", "").startswith("tel:")]
    assert links[:4] == ["tel:988", "tel:911", "tel:911", "tel:988"]  # the crisis bar, then the panel: emergency, then the lifeline


def test_breathing_session_page_carries_its_pattern(exercise_pages: dict[str, Page]) -> None:
    page = exercise_pages[at("breathing", "go/longer-out-breath/3")]
    [box] = page.find("div", **{"class": "breathing"})
    assert json.loads(box["data-phases"]) == [{"name": "in", "label": "Breathe in", "seconds": 4}, {"name": "out", "label": "Breathe out", "seconds": 6}]
    assert box["data-seconds"] == "180"
    assert "Breathe in for 4, breathe out for 6 seconds" in page.text("section")
    assert page.find("div", **{"class": "breathing-widget"})[0].get("hidden") == ""


def test_unknown_states_are_404(client) -> None:
    old_style = ("/exercises/grounding/7/see/", "/exercises/grounding/go/see/", "/exercises/time-to-get-help/urgent/")
    for url in (*old_style, "/exercises/grounding/bcdfghjk/", "/exercises/nope/", "/exercises/check-in/" + state_token("check-in", "start") + "/"):
        assert client.get(url).status_code == 404, url


def test_articles_link_to_exercises_with_the_exercise_scheme(make_content, make_config) -> None:
    content = make_content({"a.md": article(body="Try [grounding](exercise:grounding).\n"), "b.md": article("B", body="[x](exercise:grounds)\n")})
    with pytest.raises(Exception, match='the link "exercise:grounds" names no exercise — did you mean "grounding"'):
        create_app(make_config(content), today=TODAY)
    (content / "b.md").unlink()
    html = create_app(make_config(content), today=TODAY).extensions["thaw"].catalog.articles["a"].html
    assert '<a href="/practice/exercises/grounding/">grounding</a>' in html


def test_every_exercise_is_listed_on_the_exercises_section(built_site: Path) -> None:
    page = Page((built_site / "exercises" / "index.html").read_text(encoding="utf-8"))
    for exercise in EXERCISES.values():
        assert page.find("a", href=f"{BASE}{exercise.slug}/"), exercise.slug


def exercise_text(app, exercise) -> str:
    """Every word an exercise shows, one sentence-ended chunk per piece."""
    from thaw.web.exercises.breathing import PATTERNS
    from thaw.web.exercises.feelings import FAMILIES
    from thaw.web.exercises.grounding import SENSES

    chunks: list[str] = []
    with app.test_request_context("/"):
        for state in exercise.states():
            screen = exercise.screen(state)
            chunks += [screen.heading, *screen.paragraphs, *(c.label for c in screen.choices), *(c.hint for c in screen.choices if c.hint)]
    if exercise.slug == "grounding":
        chunks += [s.easier for s in SENSES]
    if exercise.slug == "breathing":
        chunks += [p.why for p in PATTERNS] + [p.note for p in PATTERNS if p.note]
    if exercise.slug == "worksheets":
        from thaw.web.exercises.worksheets import STARTER_PLAN

        chunks += list(STARTER_PLAN)
    if exercise.slug == "name-a-feeling":
        chunks += [f"{word}: {body}" for family in FAMILIES for word, body in family.words]
    unique = list(dict.fromkeys(str(c) for c in chunks if c))
    return " ".join(c if c.endswith((".", "?", "!", ":")) else c + "." for c in unique)


@pytest.mark.parametrize("slug", sorted(EXERCISES))
def test_exercise_text_is_plain(app, slug: str) -> None:
    from thaw.markdown.prose import reading_grade

    grade = reading_grade(exercise_text(app, EXERCISES[slug]))
    assert grade <= 8, f"{slug} reads at grade {grade:.1f}"


def test_exercise_text_shares_no_eight_word_run_with_the_seeds(app, tmp_path: Path) -> None:
    import subprocess
    import sys

    tool = Path(__file__).resolve().parents[3] / "shared" / "tools" / "seed_overlap.py"
    if not tool.exists():
        pytest.skip("shared/tools/seed_overlap.py is not beside the project")
    for exercise in EXERCISES.values():
        (tmp_path / f"{exercise.slug}.md").write_text(exercise_text(app, exercise), encoding="utf-8")
    result = subprocess.run([sys.executable, str(tool), str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout


def test_articles_in_the_exercises_section_live_beside_the_exercises(make_content, make_config) -> None:
    content = make_content({"exercises/tips.md": article("Tips", section="exercises")})
    client = create_app(make_config(content, base_url="/"), today=TODAY).test_client()
    assert "Tips" in client.get("/exercises/tips/").get_data(as_text=True)
    assert client.get("/exercises/grounding/").status_code == 200
    clash = make_content({"exercises/grounding.md": article("Clash", section="exercises")})
    (clash / "exercises" / "tips.md").unlink()
    with pytest.raises(Exception, match='the slug "grounding" is already the address of an exercise'):
        create_app(make_config(clash, base_url="/"), today=TODAY)


@pytest.mark.parametrize("base_url", ["https://example.org/practice/", "/"])
def test_pages_made_from_an_exercise_frame_equal_pages_rendered_whole(make_content, make_config, monkeypatch, base_url: str) -> None:
    """Each exercise's page frame is rendered once and filled per state; the result must be the same, byte for byte,
    as rendering every state in full, also with a title long enough to be cut and a site name that needs escaping."""
    import thaw.web.exercises as exercises

    content = make_content({"understanding/when-to-seek-help.md": article("When to seek help")})
    config = make_config(content, base_url=base_url, name="Harbour & Hill Counselling, a long practice name <for> tests")
    framed = create_app(config, today=TODAY).test_client()
    pages = {url: framed.get(url).get_data() for url in (path.replace(BASE, "/exercises/") for path in urls())}
    frames = framed.application.extensions["thaw"].frames
    assert sorted(family for _, family in frames) == sorted(("exercise", slug) for slug in EXERCISES)
    assert None not in frames.values()
    monkeypatch.setattr(exercises, "render_framed", lambda template, family, shared, own, private: render_template(template, **shared, **own, **private))
    whole = create_app(config, today=TODAY).test_client()
    for url, page in pages.items():
        assert whole.get(url).get_data() == page, url
    assert b"Harbour &amp; Hill" in page and b"&lt;for&gt;" in page and b"\x00" not in page


def test_a_frame_whose_slot_was_changed_is_refused() -> None:
    from thaw.web.frame import Frame, slot

    assert Frame(f"<p>{slot('a')}</p>{slot('b')}", frozenset({"a", "b"})).fill({"a": "1", "b": "2"}) == "<p>1</p>2"
    with pytest.raises(ValueError):
        Frame(f"<p>{slot('a')[:5]}</p>", frozenset({"a"}))  # a slot cut short by a filter
    with pytest.raises(ValueError):
        Frame(f"<p>{slot('c')}</p>", frozenset({"a"}))


def test_a_page_template_that_uses_the_state_outside_the_panel_is_rendered_whole(make_content, make_config, tmp_path: Path) -> None:
    """If someone shows the step's heading in the breadcrumbs, every state must still get its own, not the first one's."""
    content = make_content({"understanding/a.md": article("A")})
    app = create_app(make_config(content, base_url="/"), today=TODAY)
    page = Path(app.root_path) / "templates" / "exercises" / "page.html"
    original = page.read_text(encoding="utf-8")
    app.jinja_loader.searchpath.insert(0, str(tmp_path))  # type: ignore[union-attr]
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "page.html").write_text(original.replace('<li aria-current="page">{{ exercise.title }}</li>', '<li aria-current="page">{{ screen.heading }}</li>'), encoding="utf-8")
    client = app.test_client()
    for state, heading in (("7/see", "Notice 5 things you can see"), ("7/feel", "Notice 4 things you can feel")):
        html = client.get("/" + state_path("grounding", state)).get_data(as_text=True)
        assert f'<li aria-current="page">{heading}</li>' in html
    assert app.extensions["thaw"].frames == {("", ("exercise", "grounding")): None}


def test_step_and_choice_links_escape_what_they_write(make_content, make_config) -> None:
    """The exercise links are made in Python (exercises.step_link): every value they write is escaped."""
    from thaw.web.exercises.base import Choice

    app = create_app(make_config(make_content({"understanding/a.md": article("A")}), base_url="/"), today=TODAY)
    template = app.jinja_env.from_string('{{ step_link("7/see", label, cls, hint) }}|{{ choice_link(away) }}|{{ choice_link(onward) }}')
    with app.test_request_context("/"):
        html = template.render(
            exercise=EXERCISES["grounding"], label="<Next & on>", cls='a"b', hint="it's <fine>",
            away=Choice("Help & more", url="/help-now/?a=1&b=2", hint="<now>"), onward=Choice("On", state="7/feel", primary=True),
        )
    step, away, onward = html.split("|")
    see = "/" + state_path("grounding", "7/see")
    assert step == (f'<a href="{see}#panel" hx-get="{see}" hx-select="#panel" hx-target="#panel" '
                    'hx-swap="outerHTML" hx-replace-url="true" class="a&#34;b">&lt;Next &amp; on&gt;<span class="hint">it&#39;s &lt;fine&gt;</span></a>')
    assert away == '<a href="/help-now/?a=1&amp;b=2" class="choice">Help &amp; more<span class="hint">&lt;now&gt;</span></a>'
    assert onward.startswith(f'<a href="/{state_path("grounding", "7/feel")}#panel"') and 'class="choice choice-primary">On</a>' in onward
