"""Paced breathing: pick a pattern and a length; the page guides each breath (with a count when motion is reduced)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from thaw.util.translation import LazyText, gettext as _, lazy as _l, ngettext, number
from thaw.web.exercises.base import Choice, Exercise, Screen

MINUTES = (1, 2, 3, 5)
SAFETY = [
    _l("You can keep your eyes open the whole time."),
    _l("Breathe gently. There is no need to take big breaths."),
    _l("If you feel dizzy, light-headed or upset, stop and breathe normally. You can try a shorter round later, or a different exercise."),
]


@dataclass(frozen=True)
class Phase:
    name: str  # "in", "top-up", "out" or "hold"
    label: LazyText
    seconds: float


@dataclass(frozen=True)
class Pattern:
    id: str
    name: LazyText
    why: LazyText
    phases: tuple[Phase, ...]
    note: LazyText | str = ""
    source: str = ""
    source_label: str = ""

    @property
    def cycle(self) -> float:
        return sum(p.seconds for p in self.phases)

    def describe(self) -> str:
        """"Breathe in for 4, breathe out for 6 seconds", in the page's language."""
        steps = ", ".join(_("%(phase)s for %(seconds)s") % {"phase": str(p.label).lower(), "seconds": number(p.seconds)} for p in self.phases)
        return _("%(steps)s seconds") % {"steps": steps}

    def as_json(self) -> str:
        return json.dumps([{"name": p.name, "label": str(p.label), "seconds": p.seconds} for p in self.phases])


PATTERNS = (
    Pattern("longer-out-breath", _l("Longer out-breath"), _l("Breathing out for longer than you breathe in. Many people find a slow out-breath settling."),
            (Phase("in", _l("Breathe in"), 4), Phase("out", _l("Breathe out"), 6))),
    Pattern("steady", _l("Steady breathing"), _l("A slow, even rhythm of about five or six breaths a minute. A 2024 review found it calms the heart in the moment; its effect on stress was smaller and less certain."),
            (Phase("in", _l("Breathe in"), 5.5), Phase("out", _l("Breathe out"), 5.5)),
            source="https://doi.org/10.1007/s12671-023-02294-2", source_label=_l("Shao and others, 2024, Mindfulness")),
    Pattern("box", _l("Box breathing"), _l("Four even sides: in, hold, out, hold."),
            (Phase("in", _l("Breathe in"), 4), Phase("hold", _l("Hold"), 4), Phase("out", _l("Breathe out"), 4), Phase("hold", _l("Hold"), 4)),
            note=_l("Holding your breath can feel uncomfortable, or even trapping. If it does, pick another pattern.")),
    Pattern("sigh", _l("Physiological sigh"), _l("Two breaths in through the nose, then a long, slow breath out. In a 2023 study, five minutes a day lifted mood a little more than mindfulness meditation."),
            (Phase("in", _l("Breathe in"), 3), Phase("top-up", _l("A little more in"), 1), Phase("out", _l("Slowly out"), 6)),
            source="https://doi.org/10.1016/j.xcrm.2022.100895", source_label=_l("Balban and others, 2023, Cell Reports Medicine")),
)
BY_ID = {p.id: p for p in PATTERNS}


class Breathing(Exercise):
    slug = "breathing"
    title = _l("Paced breathing")
    summary = _l("Follow a slow, gentle breathing rhythm for one to five minutes. It never starts by itself, and you can pause or stop at any time.")
    order = 2
    rated = True
    uses_script = True

    def intro(self) -> list[str]:
        return [_("Slow breathing can help when you feel revved up or tense. If you feel shut down or far away, the grounding exercise may suit you better."), *SAFETY]

    def first_state(self) -> str:
        return "patterns"

    def inner_states(self) -> list[str]:
        return ["patterns", *(p.id for p in PATTERNS), *(f"{p.id}/{m}" for p in PATTERNS for m in MINUTES)]

    def inner_screen(self, state: str, before: str) -> Screen | None:
        if state == "patterns":
            return Screen(
                heading=_("Choose a pattern"),
                template="exercises/screens/patterns.html",
                context={"patterns": PATTERNS, "before": before},
                choices_label=_("Breathing patterns"),
            )
        pattern_id, _slash, minutes = state.partition("/")
        pattern = BY_ID.get(pattern_id)
        if pattern is None:
            return None
        if not minutes:
            return Screen(
                heading=_("%(pattern)s: how long?") % {"pattern": pattern.name},
                paragraphs=[pattern.why, pattern.describe().capitalize() + "."] + ([pattern.note] if pattern.note else []),
                choices=[Choice(ngettext("%(num)d minute", "%(num)d minutes", m) % {"num": m}, state=f"{before}/{pattern.id}/{m}") for m in MINUTES],
                back=f"{before}/patterns",
                choices_label=_("Length"),
            )
        if not minutes.isdigit() or int(minutes) not in MINUTES:
            return None
        rounds = max(1, round(int(minutes) * 60 / pattern.cycle))
        return Screen(
            heading=ngettext("%(pattern)s for %(num)d minute", "%(pattern)s for %(num)d minutes", int(minutes)) % {"pattern": pattern.name, "num": int(minutes)},
            template="exercises/screens/breathing.html",
            context={"pattern": pattern, "minutes": int(minutes), "seconds": int(minutes) * 60, "rounds": rounds, "safety": SAFETY, "before": before},
            choices=[Choice(_("I'm done"), state=f"{before}/done", primary=True)],
            back=f"{before}/{pattern.id}",
        )
