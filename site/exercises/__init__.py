"""The interactive exercises: every state of each is a real page at /exercises/<slug>/<state>/."""
from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, abort, current_app, render_template
from jinja2.filters import do_truncate
from markupsafe import Markup

from ..frame import render_framed
from ..state import article_url
from .base import Exercise, Screen
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
