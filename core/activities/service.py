"""Activities and participation: the shapes every program fills with its own kinds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.activities import repository
from core.activities.kinds import require_open_kind
from core.activities.models import Activity, Participation
from core.activities.parts import (
    PartInput,
    attend_parts,
    give_parts,
    require_unparted,
    wall_clock_hours,
)
from core.activities.seats import check_capacity, require_place
from core.credits.service import AwardResult, award_for_participation
from core.errors import RuleViolation
from core.events import ATTENDANCE_RECORDED, Event, emit
from core.groups.models import Group
from core.i18n import _, number_text
from core.kinds import INVALID, program_of, require_own_kind
from core.locks import lock_row
from core.people.models import Organization, Person
from core.registry import Registry
from core.repository import add, find

ALREADY_RECORDED = "CORE-PARTICIPATION-RECORDED"
SELF_REPORTED = "CORE-ACTIVITY-SELF-REPORTED"
MAX_DURATION = timedelta(days=14)


@dataclass(frozen=True)
class ActivityInput:
    organization_id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    group_id: int | None = None
    parts: tuple[PartInput, ...] = ()
    capacity: int | None = None


async def create_activity(
    session: AsyncSession, registry: Registry, viewer: Viewer, data: ActivityInput
) -> Activity:
    """Staff schedule an activity of a kind any staff may schedule (core's createActivity)."""
    viewer.require_staff_in(data.organization_id)
    program = program_of(registry, data.kind, registry.activity_kinds, "activity kind")
    viewer.require_staff(data.organization_id, program)
    require_open_kind(registry, data.kind)
    return await add_activity(session, registry, viewer, data)


async def add_activity(
    session: AsyncSession, registry: Registry, viewer: Viewer, data: ActivityInput
) -> Activity:
    """Schedule an activity of any kind: for a program's own workflow, which has applied its
    rules first."""
    program = program_of(registry, data.kind, registry.activity_kinds, "activity kind")
    viewer.require_staff(data.organization_id, program)
    await find(session, Organization, data.organization_id, missing="organization")
    if data.group_id is not None:
        group = await require_visible(session, viewer, Group, data.group_id)
        if group.organization_id != data.organization_id:
            raise RuleViolation.single(
                INVALID, _("The group belongs to another organization."), "groupId"
            )
    return await _schedule(session, program, data)


async def _schedule(session: AsyncSession, program: str, data: ActivityInput) -> Activity:
    """The activity as described, once its times and title make sense; its hours are its
    duration, or the sum of its parts' hours when it is held in parts, which bounds every
    attendance at it."""
    if data.starts_at.tzinfo is None or data.ends_at.tzinfo is None:
        raise RuleViolation.single(
            INVALID,
            _("Times must include a time zone (ISO 8601, e.g. 2026-05-01T18:00:00-07:00)."),
            "startsAt",
        )
    if data.ends_at <= data.starts_at:
        raise RuleViolation.single(INVALID, _("An activity must end after it starts."), "endsAt")
    if data.ends_at - data.starts_at > MAX_DURATION:
        raise RuleViolation.single(
            INVALID,
            _(
                "An activity lasts at most {days} days; a longer program is several activities.",
                days=MAX_DURATION.days,
            ),
            "endsAt",
        )
    if not data.title.strip():
        raise RuleViolation.single(INVALID, _("An activity needs a title."), "title")
    check_capacity(data.capacity)
    activity = Activity(
        organization_id=data.organization_id,
        program=program,
        kind=data.kind,
        title=data.title.strip(),
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        held_on=data.starts_at.date(),
        hours=wall_clock_hours(data.starts_at, data.ends_at),
        location=data.location,
        group_id=data.group_id,
        capacity=data.capacity,
    )
    await add(session, activity)
    if data.parts:
        await give_parts(session, activity, data.parts)
    return activity


async def record_participation(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    activity_id: int,
    person_id: int,
    hours: Decimal,
) -> tuple[Participation, AwardResult]:
    """Staff record attendance at an activity of an open kind (core's recordParticipation)."""
    activity = await require_visible(session, viewer, Activity, activity_id)
    viewer.require_staff(activity.organization_id, activity.program)
    require_open_kind(registry, activity.kind)
    return await add_participation(session, registry, viewer, activity, person_id, hours)


async def add_participation(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    activity: Activity,
    person_id: int,
    hours: Decimal,
) -> tuple[Participation, AwardResult]:
    """Record hours attended and award the credit they earn, in one transaction, for staff
    running the activity; a program's workflow calls this after its own rules. An activity
    held in parts is attended part by part (:mod:`core.activities.attendance`)."""
    viewer.require_staff(activity.organization_id, activity.program)
    await require_visible(session, viewer, Person, person_id)
    await require_unparted(session, activity)
    if hours <= 0 or hours != hours.quantize(Decimal("0.01")):
        raise RuleViolation.single(
            INVALID, _("Hours must be positive, in hundredths of an hour at most."), "hours"
        )
    if hours > activity.hours:
        raise RuleViolation.single(
            INVALID,
            _(
                "The activity lasted {hours} hours; fewer were attended.",
                hours=number_text(activity.hours),
            ),
            "hours",
        )
    return await attend(session, registry, viewer, activity, person_id, hours)


async def attend(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    activity: Activity,
    person_id: int,
    hours: Decimal,
    part_ids: Sequence[int] = (),
) -> tuple[Participation, AwardResult]:
    """Record hours the caller has checked (those of ``part_ids``, the parts attended, when
    it is held in parts): a first attendance takes a free seat when the activity has a
    capacity; one withdrawn in error is recorded again."""
    activity_id, hours = activity.id, hours.quantize(Decimal("0.01"))
    await require_place(session, activity, person_id)
    participation = await repository.participation(session, activity_id, person_id)
    if participation is None:
        participation = Participation(activity_id=activity_id, person_id=person_id, hours=hours)
    elif participation.withdrawn_at is None:
        raise RuleViolation.single(
            ALREADY_RECORDED,
            _(
                "Attendance at this activity is already recorded for this person; correct it "
                "instead."
            ),
        )
    else:  # withdrawn in error: recorded again, its earlier credits stay reversed
        participation.withdrawn_at, participation.withdrawn_by_id = None, None
        participation.hours = hours
    return await _attend(session, registry, activity, participation, viewer.person_id, part_ids)


async def _attend(
    session: AsyncSession,
    registry: Registry,
    activity: Activity,
    participation: Participation,
    recorded_by_id: int | None,
    part_ids: Sequence[int] = (),
) -> tuple[Participation, AwardResult]:
    """Keep the attendance (and the parts attended) and award the credit it earns, in the
    same transaction: no attendance is ever recorded without its award (or the decision why
    it earns none), and a program hears of it once all of it is written."""
    await add(session, participation)
    if part_ids:
        await attend_parts(session, participation.id, part_ids)
    award = await award_for_participation(
        session, registry, participation, activity, recorded_by_id
    )
    attended = Event(
        ATTENDANCE_RECORDED, activity.program, participation.id, participation.person_id
    )
    await emit(session, registry, attended)
    return participation, award


async def record_self_reported(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    data: ActivityInput,
    person_id: int,
    recorded_by_id: int | None,
) -> tuple[Participation, AwardResult]:
    """A program records that the person attended something it runs itself and no one
    scheduled (a Peer Connect session a learner logs): the activity is made for this one
    attendance, lasting the time attended, and its credit is awarded as any attendance's is.
    Who may report it and what counts are the program's rules, asked before; core holds it
    to the program's own managed kinds (so no one else records attendance at it), a person
    and organization that exist, and sensible times. The person's row is locked first, so
    their awards are made one at a time."""
    require_own_kind(registry, program, data.kind, registry.activity_kinds, "activity kind")
    if not registry.activity_kinds[data.kind].program_managed:
        raise RuleViolation.single(
            SELF_REPORTED,
            _(
                "{kind} is scheduled by staff; only a kind its program manages is reported.",
                kind=data.kind,
            ),
            "kind",
        )
    if data.group_id is not None:
        raise RuleViolation.single(
            INVALID, _("Time reported by one person has no group."), "groupId"
        )
    await find(session, Organization, data.organization_id, missing="organization")
    await lock_row(session, Person, person_id, missing="person")
    activity = await _schedule(session, program, data)
    attended = Participation(activity_id=activity.id, person_id=person_id, hours=activity.hours)
    return await _attend(session, registry, activity, attended, recorded_by_id)


def set_duration(activity: Activity, hours: Decimal) -> None:
    """Resize an activity that exists for one person's self-reported time (a Peer Connect
    session): correcting the time corrects the activity, which bounds the attendance."""
    activity.hours = hours
    activity.ends_at = activity.starts_at + timedelta(hours=float(hours))
