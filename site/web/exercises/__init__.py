"""The interactive exercises: every state of each is a real page at /exercises/<slug>/<state>/."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from flask import Blueprint, abort, current_app, render_template
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from thaw.util.translation import gettext as _
from thaw.web.frame import render_framed
from thaw.web.urls import article_url
from thaw.web.exercises.base import Choice, Exercise, Screen
from thaw.web.exercises.breathing import Breathing
from thaw.web.exercises.checkin import CheckIn
from thaw.web.exercises.feelings import NameAFeeling
from thaw.web.exercises.gethelp import TimeToGetHelp
from thaw.web.exercises.grounding import Grounding
from thaw.web.exercises.tokens import state_token, token_table
from thaw.web.exercises.worksheets import Worksheets

EXERCISES: dict[str, Exercise] = {e.slug: e for e in (Grounding(), Breathing(), NameAFeeling(), CheckIn(), TimeToGetHelp(), Worksheets())}

SECTION = "exercises"  # the section whose page lists the exercises
bp = Blueprint("exercises", __name__, url_prefix="/exercises")


_TOKENS: dict[str, dict[str, str]] = {}  # slug → {path token: state}, made once


def _state_of(exercise: Exercise, token: str) -> str | None:
    """The state behind a path token, or None."""
    table = _TOKENS.get(exercise.slug)
    if table is None:
        table = _TOKENS[exercise.slug] = token_table(exercise.slug, [s for s in exercise.states() if s])
    return table.get(token)


def _is_start(exercise: Exercise, state: str) -> bool:
    """The start page has its own address: the exercise's, with no state in it."""
    return state == "" or (not exercise.rated and state == exercise.first_state())


def shown() -> bool:
    """Does the site publish the exercises? Not when the config hides their section: then no page links to them."""
    return bool(current_app.extensions["thaw"].config.shows(SECTION))


def exercise_url(slug: str, state: str = "") -> str:
    """The URL of an exercise state; every state but the start page is addressed by an opaque token."""
    exercise = EXERCISES[slug]
    site = current_app.extensions["thaw"]
    if _is_start(exercise, state):
        return site.url_for("exercises.start", slug=slug)
    return site.url_for("exercises.step", slug=slug, token=state_token(slug, state))


# htmx swaps only the panel and replaces the address in the history (a step is not a new history entry, so Back leaves
# the exercise and the quick exit leaves no answer one Back away). Without JavaScript a step link is an ordinary link to
# the next page, landing on its panel.
_STEP_ATTRIBUTES = ' hx-select="#panel" hx-target="#panel" hx-swap="outerHTML" hx-replace-url="true"'


@bp.app_template_global()
@pass_context
def step_link(context: Context, state: str, label: Any, cls: str = "", hint: str = "") -> Markup:
    """A link to another state of the template's `exercise`: `{{ step_link("7/see", "Next", "choice") }}`.

    The panel's templates call it several times on each of the exercises' many pages, so it is made here rather than
    by a Jinja macro, which cost a fifth of every exercise page."""
    url = escape(exercise_url(context["exercise"].slug, state))
    css = f' class="{escape(cls)}"' if cls else ""
    return Markup(f'<a href="{url}#panel" hx-get="{url}"{_STEP_ATTRIBUTES}{css}>{escape(label)}{_hint(hint)}</a>')


@bp.app_template_global()
@pass_context
def choice_link(context: Context, choice: Choice) -> Markup:
    """A screen's choice: a step link to another state, or an ordinary link anywhere else (`choice.url`)."""
    cls = "choice choice-primary" if choice.primary else "choice"
    if choice.state is not None:
        return step_link(context, choice.state, choice.label, cls, choice.hint)
    return Markup(f'<a href="{escape(choice.url)}" class="{cls}">{escape(choice.label)}{_hint(choice.hint)}</a>')


def _hint(hint: str) -> str:
    """A link's second line, when it has one."""
    return f'<span class="hint">{escape(hint)}</span>' if hint else ""


def all_urls() -> Iterator[tuple[str, dict[str, str]]]:
    """Every exercise page, for the freezer."""
    for endpoint, values in _all_urls():
        yield endpoint, dict(values)


@lru_cache(maxsize=1)
def _all_urls() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The exercise pages, worked out once: they follow from the exercises' code alone (a build asks several times)."""
    found = []
    for exercise in EXERCISES.values():
        for state in exercise.states():
            if _is_start(exercise, state):
                found.append(("exercises.start", (("slug", exercise.slug),)))
            else:
                found.append(("exercises.step", (("slug", exercise.slug), ("token", state_token(exercise.slug, state)))))
    return tuple(found)


def page_title(exercise: Exercise, screen: Screen) -> str:
    """A state's <title>: the exercise and, inside a numbered sequence, the step; never the screen's heading, which
    can name an answer ("Please reach out for help now"), so the browser's history holds no answer either."""
    if screen.step:
        return _("Step %(number)s of %(total)s · %(exercise)s") % {"number": screen.step[0], "total": screen.step[1], "exercise": exercise.title}
    return exercise.title


def _render(exercise: Exercise, state: str, screen: Screen | None) -> str:
    """The page of one state: the exercise's frame (made once) with this state's title, address and panel."""
    if screen is None or not shown():
        abort(404)
    site = current_app.extensions["thaw"]
    site.refresh_if_changed()
    others = [e for e in sorted(EXERCISES.values(), key=lambda e: e.order) if e.rated and e.slug != exercise.slug]
    shared = {"exercise": exercise, "uses_htmx": True, "other_exercises": others, "seek_help_url": article_url("when-to-seek-help")}
    panel = Markup(render_template("exercises/panel.html", **shared, screen=screen, state=state))
    own = {"title": page_title(exercise, screen), "panel": panel}
    return render_framed("exercises/page.html", ("exercise", exercise.slug), shared, own, {"screen": screen, "state": state})


@bp.route("/<slug>/")
def start(slug: str) -> str:
    exercise = EXERCISES.get(slug)
    if exercise is None:  # an article in the exercises section shares this URL shape: web/views.py serves it
        return current_app.view_functions["pages.article"](SECTION, slug)
    return _render(exercise, "", exercise.screen(""))


@bp.route("/<slug>/<token>/")
def step(slug: str, token: str) -> str:
    exercise = EXERCISES.get(slug) or abort(404)
    state = _state_of(exercise, token)
    if state is None or _is_start(exercise, state):
        abort(404)  # an unknown token; the first state of an unrated exercise is served at the start URL only
    return _render(exercise, state, exercise.screen(state))
