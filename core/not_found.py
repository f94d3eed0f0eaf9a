""" "No such person." in the reader's language, for whatever a service names as missing.

Services name a missing object by an English noun (``find(..., missing="group")``); a sentence
per noun lets French give each its own wording and gender, and a noun not listed still reads
as a sentence, naming it as the code does.
"""

from __future__ import annotations

from core.i18n import N_, Text, _

NO_SUCH: dict[str, str] = {
    "activity": N_("No such activity."),
    "allocation": N_("No such allocation."),
    "attendance": N_("No such attendance."),
    "certificate": N_("No such certificate."),
    "certification": N_("No such certification."),
    "creditentry": N_("No such credit entry."),
    "division": N_("No such division."),
    "due item": N_("No such due item."),
    "dueitem": N_("No such due item."),
    "enrolment": N_("No such enrolment."),
    "goal": N_("No such goal."),
    "group": N_("No such group."),
    "invitation": N_("No such invitation."),
    "learner account": N_("No such learner account."),
    "organization": N_("No such organization."),
    "participation": N_("No such participation."),
    "person": N_("No such person."),
    "plan": N_("No such plan."),
    "question": N_("No such question."),
    "request": N_("No such request."),
    "role assignment": N_("No such role assignment."),
    "series": N_("No such series."),
    "session": N_("No such session."),
    "spending entry": N_("No such spending entry."),
    "support request": N_("No such support request."),
    "team": N_("No such team."),
    "topic": N_("No such topic."),
}


def no_such(what: str) -> Text:
    """The sentence saying there is no ``what`` (an English noun, as services name it)."""
    known = NO_SUCH.get(what)
    return _(known) if known is not None else _("No such {what}.", what=what)
