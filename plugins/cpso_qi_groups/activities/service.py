"""QIG-INDIVIDUAL: each member completes the four online activities alone. A member's answers
are theirs and CPSO staff's to read; the group sees only who completed what."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.db import utcnow
from core.errors import Forbidden, RuleViolation
from core.i18n import N_, Text
from core.kinds import INVALID
from core.privacy.screen import screen
from plugins.cpso_qi_groups import SLUG
from plugins.cpso_qi_groups.activities import repository
from plugins.cpso_qi_groups.groups.service import qi_group
from plugins.cpso_qi_groups.i18n import _
from plugins.cpso_qi_groups.models import ActivityRecord, QiActivity

RULE = "QIG-INDIVIDUAL"
MAX_MINUTES = 6000
MAX_ANSWERS = 20000
ORDER = tuple(QiActivity)
# The activities as a sentence names them (the enum values are identifiers).
ACTIVITY_NAMES = {
    QiActivity.QI_SURVEY: N_("qi survey"),
    QiActivity.PRACTICE_PROFILE: N_("practice profile"),
    QiActivity.CHART_REVIEW: N_("chart review"),
    QiActivity.DATA_DRIVEN_QI: N_("data driven qi"),
}


def activity_name(activity: QiActivity) -> Text:
    """An activity named in the reader's language, for the sentences that mention it."""
    return _(ACTIVITY_NAMES[activity])


def missing(done: set[QiActivity]) -> list[QiActivity]:
    """The activities not yet completed, in the program's order."""
    return [a for a in ORDER if a not in done]


async def record_activity(
    session: AsyncSession,
    viewer: Viewer,
    *,
    group_id: int,
    activity: QiActivity,
    completed_on: date,
    minutes_spent: int,
    answers: str,
) -> list[ActivityRecord]:
    """A member records one of their own activities as completed, once."""
    screen(answers=answers)
    person_id = viewer.require_person()
    group = await qi_group(session, viewer, group_id, staff=False)
    if completed_on > utcnow().date():
        raise RuleViolation.single(
            INVALID, _("An activity is completed today or before."), "completedOn"
        )
    if not 0 < minutes_spent <= MAX_MINUTES:
        raise RuleViolation.single(
            INVALID, _("Give the minutes spent, 1 to {most}.", most=MAX_MINUTES), "minutesSpent"
        )
    if len(answers) > MAX_ANSWERS:
        raise RuleViolation.single(
            INVALID, _("Answers are at most {most} characters.", most=MAX_ANSWERS), "answers"
        )
    kept = await repository.record(
        session,
        group_id=group.id,
        person_id=person_id,
        activity=activity,
        completed_on=completed_on,
        minutes_spent=minutes_spent,
        answers=answers.strip(),
    )
    if not kept:
        raise RuleViolation.single(
            RULE,
            _("You completed the {activity} already.", activity=activity_name(activity)),
            "activity",
        )
    return await repository.records_of(session, group.id, person_id)


async def records(
    session: AsyncSession, viewer: Viewer, *, group_id: int, person_id: int
) -> list[ActivityRecord]:
    """A member's own records with their answers: for that member and CPSO staff only; the
    other members of the group are refused (they see completion in the group's progress)."""
    group = await qi_group(session, viewer, group_id)
    if viewer.person_id != person_id and not viewer.is_staff(group.organization_id, SLUG):
        raise Forbidden()
    return await repository.records_of(session, group.id, person_id)
