"""Is it time to get help? Gentle yes/no questions leading to urgent, soon, or self-care for now."""
from __future__ import annotations

from flask import url_for

from thaw.web.urls import article_url
from thaw.util.translation import LazyText, gettext as _, lazy as _l, ngettext
from thaw.web.exercises.base import Choice, Exercise, Screen

NOT_A_DIAGNOSIS = _l("This is not a diagnosis or an assessment. It is a way to think things through. If you are unsure, it is always okay to talk to a professional.")
QUESTIONS = (
    ("q1", _l("Are you having thoughts of ending your life or harming yourself?"), "urgent"),
    ("q2", _l("Do you feel unsafe right now, or unable to keep yourself safe?"), "urgent"),
    ("q3", _l("Have you felt numb, empty or cut off on most days for two weeks or more?"), "soon"),
    ("q4", _l("Is it making it hard to work, study, look after yourself or be close to people?"), "soon"),
    ("q5", _l("Are you using alcohol, drugs or risky things to feel something, or to feel less?"), "soon"),
)


class TimeToGetHelp(Exercise):
    slug = "time-to-get-help"
    title = _l("Is it time to get help?")
    summary = _l("A few gentle yes-or-no questions to help you decide whether to reach out now, soon, or keep watching for now.")
    order = 5

    def inner_states(self) -> list[str]:
        return ["q1", "q2", "q3", "q4", "q5", "urgent", "soon", "for-now"]

    def inner_screen(self, state: str, before: str) -> Screen | None:
        for index, (key, question, if_yes) in enumerate(QUESTIONS):
            if state == key:
                following = QUESTIONS[index + 1][0] if index + 1 < len(QUESTIONS) else "for-now"
                return Screen(
                    heading=question,
                    paragraphs=[NOT_A_DIAGNOSIS] if index == 0 else [],
                    choices=[Choice(_("Yes"), state=if_yes), Choice(_("No"), state=following)],
                    step=(index + 1, len(QUESTIONS)),
                    back=QUESTIONS[index - 1][0] if index else None,
                    choices_label=_("Your answer"),
                )
        seek = article_url("when-to-seek-help")
        how_to_start = article_url("when-to-seek-help", "how-to-start")
        if state == "urgent":
            return Screen(
                heading=_("Please reach out for help now"),
                paragraphs=[_("You deserve support right now, and you do not have to face this alone. These services are free and confidential."), NOT_A_DIAGNOSIS],
                crisis_first=True,
                choices=[Choice(_("More ways to get help now"), url=url_for("pages.help_now"), primary=True)],
                restart=True,
            )
        if state == "soon":
            choices = [Choice(_("How to find a therapist"), url=how_to_start, primary=True)] if how_to_start else []
            return Screen(
                heading=_("It may be a good time to talk to someone"),
                paragraphs=[_("What you describe sounds like it is weighing on you. A doctor, nurse or therapist can help you understand what is going on and what might help."),
                            _("You could start with your family doctor, a therapist directory, or a video appointment. If things get worse, or you start to feel unsafe, reach out for help straight away."),
                            NOT_A_DIAGNOSIS],
                choices=choices,
                restart=True,
            )
        if state == "for-now":
            choices = [Choice(_("Try an exercise"), url=url_for("pages.section", section="exercises"), primary=True)]
            if seek:
                choices.append(Choice(_("Read: when to seek help"), url=seek))
            return Screen(
                heading=_("Looking after yourself for now"),
                paragraphs=[_("From your answers, reaching out may not feel urgent today. Gentle routines, rest, movement and time with people you trust can all help."),
                            _("Keep an eye on how you feel. If numbness lasts, gets in the way of your life, or you start to feel unsafe, please reach out."),
                            NOT_A_DIAGNOSIS],
                choices=choices,
                restart=True,
            )
        return None
