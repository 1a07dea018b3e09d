"""Printable worksheets: a feelings journal, a trigger log, a safety plan and a two-week starter plan."""
from __future__ import annotations

from thaw.util.translation import LazyText, gettext as _, lazy as _l, ngettext
from thaw.web.exercises.base import Choice, Exercise, Screen

SHEETS = {
    "feelings-journal": (_l("Feelings journal"), _l("Write down one feeling a day, where you noticed it and how strong it was.")),
    "trigger-log": (_l("Trigger log"), _l("Notice what tends to come before feeling numb, revved up or shut down.")),
    "safety-plan": (_l("My safety plan"), _l("A plan to fill in while you feel calm, to use if things get very hard.")),
    "starter-plan": (_l("Two-week starter plan"), _l("Fourteen small, gentle steps, one a day, to try at your own pace.")),
}

STARTER_PLAN = (
    _l("Try the 5-4-3-2-1 grounding exercise once."),
    _l("Write one feeling word in your journal, even if it is \"flat\"."),
    _l("Take a short walk, or stretch for five minutes."),
    _l("Go to bed and get up at about the same time as yesterday."),
    _l("Send a short message to one person you trust."),
    _l("Try five minutes of slow breathing."),
    _l("Notice one small thing you enjoyed, even a little."),
    _l("Eat one meal without a screen and notice the tastes."),
    _l("Write down one thing that seemed to come before feeling numb."),
    _l("Spend a few minutes outside, if you can."),
    _l("Do one small thing you used to enjoy, for ten minutes."),
    _l("Name one thing that matters to you, and one tiny step toward it."),
    _l("Look back over your journal. Notice any small changes."),
    _l("Decide which steps you would like to keep, and whether to talk to someone."),
)


class Worksheets(Exercise):
    slug = "worksheets"
    title = _l("Printable worksheets")
    summary = _l("A feelings journal, a trigger log, a safety plan and a two-week starter plan, to print and fill in by hand.")
    order = 6

    def first_state(self) -> str:
        return ""

    def inner_states(self) -> list[str]:
        return list(SHEETS)

    def start_screen(self) -> Screen:
        return Screen(
            heading=_("Choose a worksheet"),
            paragraphs=[_("Each worksheet prints on one or two pages of A4 or US Letter paper. Use your browser's Print command. Nothing you write is seen by anyone but you.")],
            choices=[Choice(title, url=None, state=key, hint=hint) for key, (title, hint) in SHEETS.items()],
            choices_label=_("Worksheets"),
        )

    def inner_screen(self, state: str, before: str) -> Screen | None:
        if state not in SHEETS:
            return None
        title, hint = SHEETS[state]
        return Screen(
            heading=title,
            paragraphs=[hint],
            template=f"exercises/worksheets/{state}.html",
            context={"plan": STARTER_PLAN},
            back="",
        )
