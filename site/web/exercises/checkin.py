"""Where am I right now? A short check-in that points to the exercise that fits."""
from __future__ import annotations

from flask import url_for

from thaw.web.urls import article_url
from thaw.util.translation import LazyText, gettext as _, lazy as _l, ngettext
from thaw.web.exercises.base import Choice, Exercise, Screen
from thaw.web.exercises.tokens import state_token

STATES = {
    "revved-up": (_l("Revved up"), _l("Racing thoughts, a fast heart, tense muscles, on edge, hard to sit still.")),
    "shut-down": (_l("Shut down"), _l("Numb, foggy or far away. Heavy, slow, hard to move or think.")),
    "in-between": (_l("Somewhere in between"), _l("You can think and feel, even if things are not easy.")),
}


class CheckIn(Exercise):
    slug = "check-in"
    title = _l("Where am I right now?")
    summary = _l("A short check-in: are you revved up, shut down, or somewhere in between? It suggests what might help next.")
    order = 4

    def inner_states(self) -> list[str]:
        return ["start", *STATES]

    def inner_screen(self, state: str, before: str) -> Screen | None:
        window = article_url("freeze-response", "window")
        if state == "start":
            return Screen(
                heading=_("Which sounds most like you right now?"),
                paragraphs=[_("Take a moment to notice your body and your thoughts. There is no wrong answer.")],
                choices=[Choice(name, state=key, hint=hint) for key, (name, hint) in STATES.items()],
                choices_label=_("How you are right now"),
            )
        if state not in STATES:
            return None
        grounding = url_for("exercises.step", slug="grounding", token=state_token("grounding", "go/see"))
        breathing = url_for("exercises.step", slug="breathing", token=state_token("breathing", "go/longer-out-breath"))
        feelings = url_for("exercises.step", slug="name-a-feeling", token=state_token("name-a-feeling", "go/families"))
        if state == "revved-up":
            paragraphs = [_("When your body is revved up, slowing down your breathing can help it settle. Breathe gently: there is no need for big breaths."),
                          _("If focusing on your breath feels uncomfortable, grounding through your senses is another way in.")]
            choices = [Choice(_("Try a longer out-breath"), url=breathing, primary=True), Choice(_("Try 5-4-3-2-1 grounding"), url=grounding)]
        elif state == "shut-down":
            paragraphs = [_("When you feel shut down, gently bringing your attention to the world around you can help. This is called orienting."),
                          _("You might slowly look around the room and name what you see, press your feet into the floor, or hold something cold or textured.")]
            choices = [Choice(_("Try 5-4-3-2-1 grounding"), url=grounding, primary=True), Choice(_("Try naming a feeling"), url=feelings)]
        else:
            paragraphs = [_("You may be inside what some call your window of tolerance: the zone where you can feel and think at the same time."),
                          _("This can be a good moment to notice and name a feeling, or to carry on with your day.")]
            choices = [Choice(_("Try naming a feeling"), url=feelings, primary=True)]
        if window:
            choices.append(Choice(_("Read about the window of tolerance"), url=window))
        return Screen(heading=STATES[state][0], paragraphs=paragraphs, choices=choices, back="start", restart=True)
