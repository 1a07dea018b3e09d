"""5-4-3-2-1 grounding: one sense at a time, with an easier option for each step."""
from __future__ import annotations

from dataclasses import dataclass

from thaw.util.translation import LazyText, gettext as _, lazy as _l
from thaw.web.exercises.base import Choice, Exercise, Screen


@dataclass(frozen=True)
class Sense:
    id: str
    count: int
    heading: LazyText
    prompt: LazyText
    easier: LazyText


SENSES = (
    Sense("see", 5, _l("Notice 5 things you can see"),
          _l("Let your eyes move slowly around you. Name each thing, out loud or in your head: a color, a shape, something small."),
          _l("If five feels like a lot, pick one thing and notice its color, its edges and how the light falls on it.")),
    Sense("feel", 4, _l("Notice 4 things you can feel"),
          _l("Your feet on the floor. The seat under you. The air on your skin. The fabric of your clothes."),
          _l("Or press your palms together for a moment and notice the warmth between them.")),
    Sense("hear", 3, _l("Notice 3 things you can hear"),
          _l("Listen for sounds near you and far away: a clock, traffic, birds, your own breathing."),
          _l("If it is very quiet, notice the quiet itself, or tap a slow rhythm on a table.")),
    Sense("smell", 2, _l("Notice 2 things you can smell"),
          _l("Maybe soap, coffee, fresh air or the fabric of your sleeve. You can move around to find a smell."),
          _l("If you can't smell anything, think of two smells you like.")),
    Sense("taste", 1, _l("Notice 1 thing you can taste"),
          _l("Notice the taste in your mouth right now. It might be faint, and that is fine."),
          _l("Or take a sip of water and notice how it feels in your mouth.")),
)


class Grounding(Exercise):
    slug = "grounding"
    title = _l("5-4-3-2-1 grounding")
    summary = _l("Use your five senses to bring your attention back to the room around you. It takes about five minutes.")
    order = 1
    rated = True

    def intro(self) -> list[str]:
        return [
            _("This exercise can help when you feel far away, foggy or overwhelmed. It works with your eyes open."),
            _("Go at your own pace. You can skip any step, and you can stop at any time."),
        ]

    def inner_states(self) -> list[str]:
        return [sense.id for sense in SENSES]

    def inner_screen(self, state: str, before: str) -> Screen | None:
        index = next((i for i, s in enumerate(SENSES) if s.id == state), None)
        if index is None:
            return None
        sense = SENSES[index]
        following = f"{before}/{SENSES[index + 1].id}" if index + 1 < len(SENSES) else f"{before}/done"
        return Screen(
            heading=sense.heading,
            paragraphs=[sense.prompt],
            context={"easier": sense.easier},
            template="exercises/screens/grounding.html",
            choices=[Choice(_("Next") if index + 1 < len(SENSES) else _("Finish"), state=following, primary=True)],
            step=(index + 1, len(SENSES)),
            back=f"{before}/{SENSES[index - 1].id}" if index else "",
        )
