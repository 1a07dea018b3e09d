"""Printable worksheets: a feelings journal, a trigger log, a safety plan and a two-week starter plan."""
from __future__ import annotations

from thaw.web.exercises.base import Choice, Exercise, Screen

SHEETS = {
    "feelings-journal": ("Feelings journal", "Write down one feeling a day, where you noticed it and how strong it was."),
    "trigger-log": ("Trigger log", "Notice what tends to come before feeling numb, revved up or shut down."),
    "safety-plan": ("My safety plan", "A plan to fill in while you feel calm, to use if things get very hard."),
    "starter-plan": ("Two-week starter plan", "Fourteen small, gentle steps, one a day, to try at your own pace."),
}

STARTER_PLAN = (
    "Try the 5-4-3-2-1 grounding exercise once.",
    "Write one feeling word in your journal, even if it is \"flat\".",
    "Take a short walk, or stretch for five minutes.",
    "Go to bed and get up at about the same time as yesterday.",
    "Send a short message to one person you trust.",
    "Try five minutes of slow breathing.",
    "Notice one small thing you enjoyed, even a little.",
    "Eat one meal without a screen and notice the tastes.",
    "Write down one thing that seemed to come before feeling numb.",
    "Spend a few minutes outside, if you can.",
    "Do one small thing you used to enjoy, for ten minutes.",
    "Name one thing that matters to you, and one tiny step toward it.",
    "Look back over your journal. Notice any small changes.",
    "Decide which steps you would like to keep, and whether to talk to someone.",
)


class Worksheets(Exercise):
    slug = "worksheets"
    title = "Printable worksheets"
    summary = "A feelings journal, a trigger log, a safety plan and a two-week starter plan, to print and fill in by hand."
    order = 6

    def first_state(self) -> str:
        return ""

    def inner_states(self) -> list[str]:
        return list(SHEETS)

    def start_screen(self) -> Screen:
        return Screen(
            heading="Choose a worksheet",
            paragraphs=["Each worksheet prints on one or two pages of A4 or US Letter paper. Use your browser's Print command. Nothing you write is seen by anyone but you."],
            choices=[Choice(title, url=None, state=key, hint=hint) for key, (title, hint) in SHEETS.items()],
            choices_label="Worksheets",
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
