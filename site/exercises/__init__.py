"""The interactive exercises: every state of each is a real page at /exercises/<slug>/<state>/."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Blueprint, abort, current_app, render_template
from jinja2 import pass_context
from jinja2.filters import do_truncate
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..frame import render_framed
from ..state import article_url
from .base import Choice, Exercise, Screen
from .breathing import Breathing
from .checkin import CheckIn
from .feelings import NameAFeeling
from .gethelp import TimeToGetHelp
from .grounding import Grounding
from .worksheets import Worksheets

EXERCISES: dict[str, Exercise] = {e.slug: e for e in (Grounding(), Breathing(), NameAFeeling(), CheckIn(), TimeToGetHelp(), Worksheets())}

SECTION = "exercises"  # the section whose page lists the exercises
bp = Blueprint("exercises", __name__, url_prefix="/exercises")


def exercise_url(slug: str, state: str = "") -> str:
    """The URL of an exercise state; the first state of an unrated exercise is its start page."""
    exercise = EXERCISES[slug]
    site = current_app.extensions["thaw"]
    if state == "" or (not exercise.rated and state == exercise.first_state()):
        return site.url_for("exercises.start", slug=slug)
    return site.url_for("exercises.step", slug=slug, state=state)


# htmx swaps only the panel and pushes the new address; without JavaScript a step link is an ordinary link.
_STEP_ATTRIBUTES = ' hx-select="#panel" hx-target="#panel" hx-swap="outerHTML" hx-push-url="true"'


@bp.app_template_global()
@pass_context
def step_link(context: Context, state: str, label: Any, cls: str = "", hint: str = "") -> Markup:
    """A link to another state of the template's `exercise`: `{{ step_link("7/see", "Next", "choice") }}`.

    The panel's templates call it several times on each of the exercises' many pages, so it is made here rather than
    by a Jinja macro, which cost a fifth of every exercise page."""
    url = escape(exercise_url(context["exercise"].slug, state))
    css = f' class="{escape(cls)}"' if cls else ""
    return Markup(f'<a href="{url}" hx-get="{url}"{_STEP_ATTRIBUTES}{css}>{escape(label)}{_hint(hint)}</a>')


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
    for exercise in EXERCISES.values():
        for state in exercise.states():
            if state == "" or (not exercise.rated and state == exercise.first_state()):
                yield "exercises.start", {"slug": exercise.slug}
            else:
                yield "exercises.step", {"slug": exercise.slug, "state": state}


def _render(exercise: Exercise, state: str, screen: Screen | None) -> str:
    """The page of one state: the exercise's frame (made once) with this state's title, address and panel."""
    if screen is None:
        abort(404)
    site = current_app.extensions["thaw"]
    site.refresh_if_changed()
    others = [e for e in sorted(EXERCISES.values(), key=lambda e: e.order) if e.rated and e.slug != exercise.slug]
    shared = {"exercise": exercise, "uses_htmx": True, "other_exercises": others, "seek_help_url": article_url("when-to-seek-help")}
    panel = Markup(render_template("exercises/panel.html", **shared, screen=screen, state=state))
    title = f"{do_truncate(current_app.jinja_env, screen.heading, 44, True, '…', 0)} · {exercise.title}"
    own = {"title": title, "panel": panel}
    return render_framed("exercises/page.html", ("exercise", exercise.slug), shared, own, {"screen": screen, "state": state})


@bp.route("/<slug>/")
def start(slug: str) -> str:
    exercise = EXERCISES.get(slug)
    if exercise is None:
        from ..views import article  # an article in the exercises section shares this URL shape

        return article(SECTION, slug)
    return _render(exercise, "", exercise.screen(""))


@bp.route("/<slug>/<path:state>/")
def step(slug: str, state: str) -> str:
    exercise = EXERCISES.get(slug) or abort(404)
    if not exercise.rated and state == exercise.first_state():
        abort(404)  # served at the start URL only
    return _render(exercise, state, exercise.screen(state))
