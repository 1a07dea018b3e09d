"""Naming a feeling: choose a broad family, then see finer words and where people often notice them."""
from __future__ import annotations

from dataclasses import dataclass

from thaw.web.exercises.base import Choice, Exercise, Screen


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    words: tuple[tuple[str, str], ...]  # (word, where people often notice it)


FAMILIES = (
    Family("glad", "Glad", (
        ("Content", "a settled warmth in the chest"), ("Cheerful", "a lightness, smiling comes easily"),
        ("Proud", "standing or sitting a little taller"), ("Grateful", "a soft warmth, a fuller chest"),
        ("Hopeful", "a lift, looking ahead"), ("Relieved", "shoulders drop, a long breath out"))),
    Family("sad", "Sad", (
        ("Disappointed", "a sinking feeling in the stomach"), ("Lonely", "an ache or emptiness in the chest"),
        ("Hurt", "a tight throat"), ("Grieving", "heavy arms and legs, tears close by"),
        ("Discouraged", "slumped posture, low energy"), ("Homesick", "a pull or ache in the chest"))),
    Family("angry", "Angry", (
        ("Irritated", "a tense jaw or forehead"), ("Frustrated", "restless hands, a tight chest"),
        ("Resentful", "a knot in the stomach"), ("Furious", "heat in the face, clenched fists"),
        ("Let down", "heaviness mixed with tension"), ("Impatient", "jiggling legs, quick breathing"))),
    Family("scared", "Scared", (
        ("Nervous", "butterflies in the stomach"), ("Worried", "a busy mind, tight shoulders"),
        ("Panicky", "a racing heart, fast breathing"), ("Uneasy", "an unsettled stomach"),
        ("Overwhelmed", "hard to think, everything feels like too much"), ("On edge", "jumpy, easily startled"))),
    Family("calm", "Calm", (
        ("Peaceful", "slow, easy breathing"), ("Safe", "soft muscles, a loose jaw"),
        ("Relaxed", "loose shoulders, heavy limbs in a good way"), ("Steady", "feet feel solid on the ground"),
        ("At ease", "nothing needs to happen right now"))),
    Family("flat", "Flat or numb", (
        ("Numb", "little sensation, or a heavy, muffled feeling"), ("Empty", "a hollow feeling in the chest or stomach"),
        ("Detached", "far away, as if behind glass"), ("Bored", "restless, or heavy and slow"),
        ("Tired", "heavy eyes and limbs"), ("Foggy", "slow, cloudy thinking"))),
    Family("mixed", "Mixed", (
        ("Bittersweet", "warmth and an ache at the same time"), ("Torn", "pulled in two directions"),
        ("Unsure", "a hesitant, stop-start feeling"), ("Guilty and relieved", "lightness with a knot underneath"),
        ("Excited and scared", "a fast heart with a smile"))),
)
BY_ID = {f.id: f for f in FAMILIES}


class NameAFeeling(Exercise):
    slug = "name-a-feeling"
    title = "Naming a feeling"
    summary = "Find a word for what you feel, even when it is faint or mixed, and where you might notice it in your body."
    order = 3
    rated = True

    def intro(self) -> list[str]:
        return [
            "When feelings are muted, finding a word for them can be hard. That is okay. Any word, even \"flat\" or \"nothing much\", is a start.",
            "There are no right answers, and no feeling is wrong to have.",
        ]

    def first_state(self) -> str:
        return "families"

    def inner_states(self) -> list[str]:
        return ["families", *(f.id for f in FAMILIES)]

    def inner_screen(self, state: str, before: str) -> Screen | None:
        if state == "families":
            return Screen(
                heading="Which is closest right now?",
                paragraphs=["Pick the broad family that fits best. If nothing fits, \"Flat or numb\" is a fine choice."],
                choices=[Choice(f.name, state=f"{before}/{f.id}") for f in FAMILIES],
                choices_label="Feeling families",
            )
        family = BY_ID.get(state)
        if family is None:
            return None
        return Screen(
            heading=f"Words for {family.name.lower()}",
            paragraphs=["Read through the words slowly. Does one fit a little better than the others? You might also notice the body feeling that goes with it. Everyone is different, so these are only examples."],
            template="exercises/screens/feelings.html",
            context={"family": family},
            choices=[Choice("I have a word", state=f"{before}/done", primary=True), Choice("Try another family", state=f"{before}/families")],
            back=f"{before}/families",
        )
