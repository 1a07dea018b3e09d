"""Naming a feeling: choose a broad family, then see finer words and where people often notice them."""
from __future__ import annotations

from dataclasses import dataclass

from thaw.util.translation import LazyText, gettext as _, lazy as _l, ngettext
from thaw.web.exercises.base import Choice, Exercise, Screen


@dataclass(frozen=True)
class Family:
    id: str
    name: LazyText
    words: tuple[tuple[LazyText, LazyText], ...]  # (word, where people often notice it)


FAMILIES = (
    Family("glad", _l("Glad"), (
        (_l("Content"), _l("a settled warmth in the chest")), (_l("Cheerful"), _l("a lightness, smiling comes easily")),
        (_l("Proud"), _l("standing or sitting a little taller")), (_l("Grateful"), _l("a soft warmth, a fuller chest")),
        (_l("Hopeful"), _l("a lift, looking ahead")), (_l("Relieved"), _l("shoulders drop, a long breath out")))),
    Family("sad", _l("Sad"), (
        (_l("Disappointed"), _l("a sinking feeling in the stomach")), (_l("Lonely"), _l("an ache or emptiness in the chest")),
        (_l("Hurt"), _l("a tight throat")), (_l("Grieving"), _l("heavy arms and legs, tears close by")),
        (_l("Discouraged"), _l("slumped posture, low energy")), (_l("Homesick"), _l("a pull or ache in the chest")))),
    Family("angry", _l("Angry"), (
        (_l("Irritated"), _l("a tense jaw or forehead")), (_l("Frustrated"), _l("restless hands, a tight chest")),
        (_l("Resentful"), _l("a knot in the stomach")), (_l("Furious"), _l("heat in the face, clenched fists")),
        (_l("Let down"), _l("heaviness mixed with tension")), (_l("Impatient"), _l("jiggling legs, quick breathing")))),
    Family("scared", _l("Scared"), (
        (_l("Nervous"), _l("butterflies in the stomach")), (_l("Worried"), _l("a busy mind, tight shoulders")),
        (_l("Panicky"), _l("a racing heart, fast breathing")), (_l("Uneasy"), _l("an unsettled stomach")),
        (_l("Overwhelmed"), _l("hard to think, everything feels like too much")), (_l("On edge"), _l("jumpy, easily startled")))),
    Family("calm", _l("Calm"), (
        (_l("Peaceful"), _l("slow, easy breathing")), (_l("Safe"), _l("soft muscles, a loose jaw")),
        (_l("Relaxed"), _l("loose shoulders, heavy limbs in a good way")), (_l("Steady"), _l("feet feel solid on the ground")),
        (_l("At ease"), _l("nothing needs to happen right now")))),
    Family("flat", _l("Flat or numb"), (
        (_l("Numb"), _l("little sensation, or a heavy, muffled feeling")), (_l("Empty"), _l("a hollow feeling in the chest or stomach")),
        (_l("Detached"), _l("far away, as if behind glass")), (_l("Bored"), _l("restless, or heavy and slow")),
        (_l("Tired"), _l("heavy eyes and limbs")), (_l("Foggy"), _l("slow, cloudy thinking")))),
    Family("mixed", _l("Mixed"), (
        (_l("Bittersweet"), _l("warmth and an ache at the same time")), (_l("Torn"), _l("pulled in two directions")),
        (_l("Unsure"), _l("a hesitant, stop-start feeling")), (_l("Guilty and relieved"), _l("lightness with a knot underneath")),
        (_l("Excited and scared"), _l("a fast heart with a smile")))),
)
BY_ID = {f.id: f for f in FAMILIES}


class NameAFeeling(Exercise):
    slug = "name-a-feeling"
    title = _l("Naming a feeling")
    summary = _l("Find a word for what you feel, even when it is faint or mixed, and where you might notice it in your body.")
    order = 3
    rated = True

    def intro(self) -> list[str]:
        return [
            _("When feelings are muted, finding a word for them can be hard. That is okay. Any word, even \"flat\" or \"nothing much\", is a start."),
            _("There are no right answers, and no feeling is wrong to have."),
        ]

    def first_state(self) -> str:
        return "families"

    def inner_states(self) -> list[str]:
        return ["families", *(f.id for f in FAMILIES)]

    def inner_screen(self, state: str, before: str) -> Screen | None:
        if state == "families":
            return Screen(
                heading=_("Which is closest right now?"),
                paragraphs=[_("Pick the broad family that fits best. If nothing fits, \"%(flat)s\" is a fine choice.") % {"flat": BY_ID["flat"].name}],
                choices=[Choice(f.name, state=f"{before}/{f.id}") for f in FAMILIES],
                choices_label=_("Feeling families"),
            )
        family = BY_ID.get(state)
        if family is None:
            return None
        return Screen(
            heading=_("Words for %(family)s") % {"family": family.name.lower()},
            paragraphs=[_("Read through the words slowly. Does one fit a little better than the others? You might also notice the body feeling that goes with it. Everyone is different, so these are only examples.")],
            template="exercises/screens/feelings.html",
            context={"family": family},
            choices=[Choice(_("I have a word"), state=f"{before}/done", primary=True), Choice(_("Try another family"), state=f"{before}/families")],
            back=f"{before}/families",
        )
