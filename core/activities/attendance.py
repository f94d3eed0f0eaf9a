"""Attendance at an activity held in parts: staff record which parts a person attended.

The participation's hours are the sum of the attended parts' hours, and from there on it is
attendance like any other: the activity kind's credit formula awards it through
:func:`core.credits.service.award_for_participation`, and a correction goes through
:func:`core.credits.corrections.amend_participation`, which reverses the credits and awards
them again for the new hours. Only this slice turns parts into hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.activities import repository
from core.activities.kinds import require_open_kind
from core.activities.models import Activity, ActivityPart, Participation
from core.activities.parts import PartInput, attend_parts, give_parts
from core.activities.service import attend
from core.credits.corrections import Amendment, amend_participation
from core.credits.service import AwardResult
from core.errors import RuleViolation
from core.i18n import _
from core.kinds import INVALID
from core.locks import lock_row
from core.people.models import Person
from core.registry import Registry
from core.repository import find

PART_ATTENDED = "CORE-ACTIVITY-PART-ATTENDED"
PART_UNKNOWN = "CORE-ACTIVITY-PART-UNKNOWN"
PART_NONE = "CORE-ACTIVITY-PART-NONE"


async def set_parts(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    activity_id: int,
    parts: Sequence[PartInput],
) -> Activity:
    """Staff add, change or remove the parts of an activity of an open kind."""
    activity = await require_visible(session, viewer, Activity, activity_id)
    viewer.require_staff(activity.organization_id, activity.program)
    require_open_kind(registry, activity.kind, "activityId")
    return await replace_parts(session, activity, parts)


async def replace_parts(
    session: AsyncSession, activity: Activity, parts: Sequence[PartInput]
) -> Activity:
    """Give the activity these parts while no attendance is recorded at it: hours already
    credited never change under anyone. The activity is locked, so no attendance is recorded
    while its parts change. For a program's workflow; permission is the caller's."""
    activity = await lock_row(session, Activity, activity.id, missing="activity")
    if await repository.has_attendance(session, activity.id):
        raise RuleViolation.single(
            PART_ATTENDED,
            _(
                "Attendance at {activity} is recorded already; its parts no longer change.",
                activity=activity.title,
            ),
            "parts",
        )
    await give_parts(session, activity, parts)
    return activity


async def record_part_attendance(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    activity_id: int,
    person_id: int,
    part_ids: Sequence[int],
) -> tuple[Participation, AwardResult]:
    """Staff record which parts of an activity of an open kind a person attended."""
    activity = await require_visible(session, viewer, Activity, activity_id)
    viewer.require_staff(activity.organization_id, activity.program)
    require_open_kind(registry, activity.kind, "activityId")
    return await add_part_attendance(session, registry, viewer, activity, person_id, part_ids)


async def add_part_attendance(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    activity: Activity,
    person_id: int,
    part_ids: Sequence[int],
) -> tuple[Participation, AwardResult]:
    """Record the parts attended and award the credit their hours earn, in one transaction
    (a seat is taken when the activity has a capacity). The activity is locked first, so its
    parts stay as read. For a program's workflow after its own rules, too."""
    viewer.require_staff(activity.organization_id, activity.program)
    await require_visible(session, viewer, Person, person_id)
    activity = await lock_row(session, Activity, activity.id, missing="activity")
    chosen = _chosen(await repository.parts(session, activity.id), part_ids, activity)
    hours, ids = _hours(chosen), [part.id for part in chosen]
    return await attend(session, registry, viewer, activity, person_id, hours, ids)


async def correct_part_attendance(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    participation_id: int,
    part_ids: Sequence[int],
    reason: str,
) -> Amendment:
    """Staff correct which parts a person attended: the credits are reversed and awarded
    again for the corrected hours, through the same path as any correction of hours."""
    participation = await require_visible(session, viewer, Participation, participation_id)
    activity = await find(session, Activity, participation.activity_id, missing="activity")
    viewer.require_staff(activity.organization_id, activity.program)
    require_open_kind(registry, activity.kind, "participationId")
    chosen = _chosen(await repository.parts(session, activity.id), part_ids, activity)
    amendment = await amend_participation(
        session,
        registry,
        participation,
        activity,
        hours=_hours(chosen),
        reason=reason,
        by_id=viewer.person_id,
    )
    await attend_parts(session, participation.id, [part.id for part in chosen])
    return amendment


def _chosen(
    parts: Sequence[ActivityPart], part_ids: Sequence[int], activity: Activity
) -> list[ActivityPart]:
    """The parts named, each a part of this activity, at least one."""
    if not parts:
        raise RuleViolation.single(
            PART_NONE,
            _(
                "{activity} is not held in parts: give the hours attended instead.",
                activity=activity.title,
            ),
            "partIds",
        )
    if not part_ids:
        raise RuleViolation.single(INVALID, _("Name at least one part attended."), "partIds")
    by_id = {part.id: part for part in parts}
    unknown = set(part_ids) - by_id.keys()
    if unknown:
        raise RuleViolation.single(
            PART_UNKNOWN,
            _("Only parts of {activity} can be attended at it.", activity=activity.title),
            "partIds",
        )
    return [by_id[pk] for pk in sorted(set(part_ids), key=lambda pk: by_id[pk].starts_at)]


def _hours(parts: Sequence[ActivityPart]) -> Decimal:
    return sum((part.hours for part in parts), Decimal(0))
