"""What every exercise is made of: screens, choices, and the optional before/after distress rating (0 calm, 10 most distressed)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from thaw.util.translation import gettext as _

RATINGS = tuple(str(n) for n in range(11))
UNRATED = "go"  # the path segment used when the visitor skips the "before" rating
# An "after" rating this high, or a rise this large from the "before" rating, shows the crisis options first.
HARD = 8
BIG_RISE = 3


@dataclass(frozen=True)
class Choice:
    """A link on a screen: to another state of the same exercise (`state`), or anywhere else (`url`)."""

    label: str
    state: str | None = None
    url: str | None = None
    hint: str = ""
    primary: bool = False


@dataclass
class Screen:
    """One state of an exercise, shown in the swappable panel."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    template: str = "exercises/screens/generic.html"
    context: dict[str, Any] = field(default_factory=dict)
    step: tuple[int, int] | None = None
    back: str | None = None
    restart: bool = False
    crisis_first: bool = False  # the emergency number and crisis services, right after the first paragraph
    choices_label: str = ""


class Exercise:
    """An exercise: a start screen plus named states, each a page at /exercises/<slug>/<state>/."""

    slug = ""
    title = ""
    summary = ""
    order = 100
    rated = False  # offer the optional 0–10 distress rating before and after
    uses_script = False

    # Subclasses define the states after the rating segment and the screen of each.
    def inner_states(self) -> list[str]:
        raise NotImplementedError

    def first_state(self) -> str:
        return self.inner_states()[0]

    def inner_screen(self, state: str, before: str) -> Screen | None:
        raise NotImplementedError

    def intro(self) -> list[str]:
        return [self.summary]

    def states(self) -> Iterator[str]:
        """Every state path of this exercise (the start page is "")."""
        yield ""
        prefixes = (UNRATED, *RATINGS) if self.rated else ("",)
        for prefix in prefixes:
            for state in self.inner_states():
                yield f"{prefix}/{state}".strip("/")
            if self.rated:
                yield f"{prefix}/done"
                for after in RATINGS:
                    yield f"{prefix}/done/{after}"

    def screen(self, state: str) -> Screen | None:
        if state == "":
            return self.start_screen()
        if not self.rated:
            return self.inner_screen(state, UNRATED) if state in self.inner_states() else None
        before, _slash, rest = state.partition("/")
        if before not in (UNRATED, *RATINGS):
            return None
        if rest == "done":
            return self.done_screen(before)
        if rest.startswith("done/") and rest[5:] in RATINGS:
            return self.result_screen(before, rest[5:])
        if rest in self.inner_states():
            screen = self.inner_screen(rest, before)
            if screen is not None:
                screen.restart = True
            return screen
        return None

    def start_screen(self) -> Screen:
        if not self.rated:
            return self.inner_screen(self.first_state(), UNRATED)  # type: ignore[return-value]
        return Screen(
            heading=_("Before you start"),
            paragraphs=self.intro() + [_("If you like, rate how distressed you feel now, and again at the end. It can help you notice any change. You can skip this.")],
            template="exercises/screens/rating.html",
            context={"ratings": [(r, f"{r}/{self.first_state()}") for r in RATINGS], "skip": f"{UNRATED}/{self.first_state()}", "skip_label": _("Skip this and start")},
        )

    def done_screen(self, before: str) -> Screen:
        return Screen(
            heading=_("You finished"),
            paragraphs=[_("Take a moment to notice how you are now. Any change counts, even a small one. No change is fine too."),
                        _("If you like, rate how distressed you feel now. Or you can stop here: there is no need to rate it.")],
            template="exercises/screens/rating.html",
            context={"ratings": [(r, f"{before}/done/{r}") for r in RATINGS], "skip": None},
            restart=True,
        )

    def result_screen(self, before: str, after: str) -> Screen:
        rated = before in RATINGS
        rise = int(after) - int(before) if rated else 0
        if int(after) >= HARD or rise >= BIG_RISE:
            # Crisis options first (panel.html puts them right after the first paragraph). Neither the heading (it may
            # become the page's title) nor the words name the ratings.
            if int(after) >= HARD:
                opening = _("It sounds like things feel very hard right now.")
            else:
                opening = _("It sounds like you feel worse than when you started. That can happen, and it is not your fault.")
            return Screen(
                heading=_("Thank you for checking in with yourself"),
                paragraphs=[opening + " " + _("You do not have to manage this on your own. If you can, reach out to someone now.")],
                template="exercises/screens/result.html",
                context={"outcome": "hard", "eased": False, "before": before, "after": after},
                crisis_first=True,
                restart=True,
            )
        eased = rated and rise < 0
        if eased:
            message = _("It went from %(before)s to %(after)s. Something eased, even if only a little. You can come back to this exercise whenever it helps.") % {"before": before, "after": after}
        elif rated:
            message = _("It went from %(before)s to %(after)s. It did not ease this time, and that is okay: different things help at different times.") % {"before": before, "after": after}
        else:
            message = _("You rated it %(after)s out of 10. Thank you for checking in with yourself.") % {"after": after}
        return Screen(
            heading=_("Thank you for trying this"),
            paragraphs=[message],
            template="exercises/screens/result.html",
            context={"outcome": "eased" if eased else "not-eased", "eased": eased, "before": before, "after": after},
            restart=True,
        )
