"""The interactive exercises: every state of each is a real page at /exercises/<slug>/<state>/."""
from __future__ import annotations

from collections.abc import Iterator

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from jinja2 import UndefinedError
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from ..frame import Frame, slot
from ..state import SiteState, article_url
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
    values = {"exercise": exercise, "screen": screen, "state": state, "uses_htmx": True, "other_exercises": others, "seek_help_url": article_url("when-to-seek-help")}
    panel = Markup(render_template("exercises/panel.html", **values))
    title = f"{do_truncate(current_app.jinja_env, screen.heading, 44, True, '…', 0)} · {exercise.title}"
    frame = _frame(site, exercise, values)
    if frame is None:
        return render_template("exercises/page.html", **values, title=title, panel=panel)
    page_title = escape(title).strip()  # as base.html makes it from the title block
    globals_ = current_app.jinja_env.globals
    return frame.fill({"document-title": globals_["document_title"](page_title), "title": page_title, "url": escape(globals_["canonical_url"]()), "panel": panel})


FRAME_SLOTS = frozenset({"document-title", "title", "url", "panel"})


def _frame(site: SiteState, exercise: Exercise, values: dict[str, Any]) -> Frame | None:
    """Every page of an exercise is the same but for its title, its address and its panel: the rest is rendered once
    per site and mount point. None when the page template uses the state outside the panel, or turns a slot into
    something else: then each page is rendered whole."""
    key = (request.script_root, exercise.slug)
    if key not in site.frames:
        shared = {name: value for name, value in values.items() if name not in ("screen", "state")}  # so that a frame
        try:  # that used them outside the panel would fail here rather than give every state the first one's
            rendered = render_template(
                "exercises/page.html", **shared, title=slot("title"), panel=slot("panel"),
                document_title=lambda page_title: slot("document-title"), canonical_url=lambda: slot("url"),
            )
            site.frames[key] = Frame(rendered, FRAME_SLOTS)
        except (UndefinedError, ValueError):
            site.frames[key] = None
    return site.frames[key]


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
