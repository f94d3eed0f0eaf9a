"""Seats that belong to an activity (a session of at most 12), not to a group.

A place is held by a registration not cancelled or by attendance not withdrawn. The activity
row is locked first (``FOR NO KEY UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already
serializes writers), then places are counted and the new one written in the same transaction,
so two requests for the last seat never both win. An activity without a capacity is unbounded
and keeps working as before; registering for it still lists who is coming.

A person asking for a seat once none is left (``request_seat``) waits in line (``waitlist``);
a seat freed (a cancellation, more seats) goes to the first still waiting in the same
transaction, who is told (a notification) and whose program hears ``activity.seat_promoted``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer, require_visible
from core.activities import repository, waitlist
from core.activities.kinds import require_open_kind
from core.activities.models import Activity, Seat, WaitlistEntry
from core.db import utcnow
from core.errors import RuleViolation
from core.events import SEAT_PROMOTED, Event, emit
from core.i18n import Text, _
from core.locks import lock_row
from core.notifications.service import notify
from core.people.models import Person
from core.registry import Registry
from core.repository import add

FULL = "CORE-ACTIVITY-FULL"
CAPACITY = "CORE-ACTIVITY-CAPACITY"
REGISTERED = "CORE-ACTIVITY-REGISTERED"
NOT_REGISTERED = "CORE-ACTIVITY-NOT-REGISTERED"
REGISTER_ACTION = "core.activity.register"
PROMOTED_NOTIFICATION = "seat_promoted"


@dataclass(frozen=True)
class Registration:
    """A seat taken, or a place in line (``position`` from 1) when none was left."""

    seat: Seat | None
    waiting: WaitlistEntry | None = None
    position: int | None = None


def seats_left(activity: Activity, taken: int) -> int | None:
    return None if activity.capacity is None else max(activity.capacity - taken, 0)


async def require_place(session: AsyncSession, activity: Activity, person_id: int) -> None:
    """Refuse a new participant once every seat is taken (CORE-ACTIVITY-FULL); someone who
    already holds a place keeps it. Locks the activity when it has a capacity."""
    if activity.capacity is None:
        return
    await lock_row(session, Activity, activity.id, missing="activity")
    if await repository.holds_place(session, activity.id, person_id):
        return
    taken = await repository.places_taken(session, activity.id)
    if taken >= activity.capacity:
        raise RuleViolation.single(FULL, full_message(activity), "activityId")


def full_message(activity: Activity) -> Text:
    """The refusal of a seat once none is left, naming how many there are."""
    return _(
        "{activity} is full: all {capacity} seats are taken, 0 left.",
        activity=activity.title,
        capacity=activity.capacity,
    )


async def register_for_activity(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, activity_id: int, person_id: int
) -> Seat:
    """A person takes a seat at an activity they can see; staff of its program register
    anyone they can see. A program's managed kinds register through its own workflow."""
    activity = await _seat_holder_checked(session, registry, viewer, activity_id, person_id)
    await require_visible(session, viewer, Person, person_id)
    return await take_seat(session, registry, activity, person_id, viewer.person_id)


async def take_seat(
    session: AsyncSession,
    registry: Registry,
    activity: Activity,
    person_id: int,
    registered_by_id: int | None,
) -> Seat:
    """Give the person a seat, asking the program's ``core.activity.register`` rules first;
    refuse when they hold a place already or none is left (naming how many are). For a
    program's workflow, after its own rules; permission is the caller's."""
    activity = await lock_row(session, Activity, activity.id, missing="activity")
    (await may_register(session, registry, activity, person_id)).raise_if_denied()
    if await repository.holds_place(session, activity.id, person_id):
        raise RuleViolation.single(
            REGISTERED,
            _("This person already holds a place at {activity}.", activity=activity.title),
            "personId",
        )
    taken = await repository.places_taken(session, activity.id)
    left = seats_left(activity, taken)
    if left == 0:
        raise RuleViolation.single(FULL, full_message(activity), "activityId")
    seat = await repository.seat(session, activity.id, person_id)
    if seat is None:
        seat = Seat(activity_id=activity.id, person_id=person_id)
    seat.registered_at, seat.registered_by_id, seat.cancelled_at = (
        utcnow(),
        registered_by_id,
        None,
    )
    await waitlist.close_if_waiting(session, activity.id, person_id)
    return await add(session, seat)


async def may_register(
    session: AsyncSession, registry: Registry, activity: Activity, person_id: int
) -> eligibility.Decision:
    """The ``core.activity.register`` rules of core and the activity's program on the person
    taking a seat: what ``take_seat`` asks, and what a program's eligibility question answers
    ahead of it."""
    return await eligibility.check(
        session,
        registry,
        REGISTER_ACTION,
        person_id,
        subject_id=activity.id,
        program=activity.program,
        params={"activity_kind": activity.kind},
    )


async def request_seat(
    session: AsyncSession,
    registry: Registry,
    activity: Activity,
    person_id: int,
    registered_by_id: int | None,
) -> Registration:
    """A seat if one is left, else a place at the back of the activity's waitlist; refused
    (CORE-ACTIVITY-REGISTERED) for someone holding a place or already waiting. For a
    program's workflow, after its own rules; permission is the caller's."""
    activity = await lock_row(session, Activity, activity.id, missing="activity")
    earlier = await repository.waitlist_entry(session, activity.id, person_id)
    if waitlist.is_open(earlier):
        assert earlier is not None
        at = await waitlist.position(session, earlier)
        raise RuleViolation.single(
            REGISTERED,
            _(
                "This person is already on the waitlist of {activity} (position {position}).",
                activity=activity.title,
                position=at,
            ),
            "personId",
        )
    try:
        seat = await take_seat(session, registry, activity, person_id, registered_by_id)
    except RuleViolation as refused:
        if [r.code for r in refused.reasons] != [FULL]:
            raise
        entry = await waitlist.enqueue(session, activity, person_id, registered_by_id)
        return Registration(None, entry, await waitlist.position(session, entry))
    return Registration(seat)


async def request_seat_for(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, activity_id: int, person_id: int
) -> Registration:
    """``request_seat`` for a person at an activity the viewer sees (themselves, or anyone
    for staff of its program), of a kind core registers for."""
    activity = await _seat_holder_checked(session, registry, viewer, activity_id, person_id)
    await require_visible(session, viewer, Person, person_id)
    return await request_seat(session, registry, activity, person_id, viewer.person_id)


async def promote(session: AsyncSession, registry: Registry, activity: Activity) -> None:
    """Give the seats left to those waiting, first come first served; one no longer eligible
    is taken out of the line rather than blocking it. Each person promoted is notified and the
    activity's program hears ``activity.seat_promoted`` (the seat), in this transaction."""
    activity = await lock_row(session, Activity, activity.id, missing="activity")
    while (entry := await repository.first_waiting(session, activity.id)) is not None:
        if seats_left(activity, await repository.places_taken(session, activity.id)) == 0:
            break
        try:
            seat = await take_seat(session, registry, activity, entry.person_id, None)
        except RuleViolation:
            entry.left_at = utcnow()
            await session.flush()
            continue
        await notify(
            session,
            person_id=entry.person_id,
            program=activity.program,
            kind=f"{activity.program}.{PROMOTED_NOTIFICATION}",
            message=_(
                "A seat at {activity} is yours: you were first on its waitlist.",
                activity=activity.title,
            ),
        )
        event = Event(SEAT_PROMOTED, activity.program, seat.id, entry.person_id)
        await emit(session, registry, event)


async def cancel_registration(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, activity_id: int, person_id: int
) -> Seat:
    """Free a seat: the person's own, or anyone's for staff of the activity's program."""
    activity = await _seat_holder_checked(session, registry, viewer, activity_id, person_id)
    return await release_seat(session, registry, activity, person_id)


async def withdraw(
    session: AsyncSession, registry: Registry, activity: Activity, person_id: int
) -> Registration:
    """Leave whatever the person holds: their place in line, else their seat (given to the
    first waiting). For a program's workflow after its own permission check."""
    await lock_row(session, Activity, activity.id, missing="activity")
    if waitlist.is_open(await repository.waitlist_entry(session, activity.id, person_id)):
        return Registration(None, await waitlist.leave(session, activity, person_id))
    return Registration(await release_seat(session, registry, activity, person_id))


async def leave_waitlist(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, activity_id: int, person_id: int
) -> WaitlistEntry:
    """Leave the line: one's own place, or anyone's for staff of the activity's program."""
    activity = await _seat_holder_checked(session, registry, viewer, activity_id, person_id)
    return await waitlist.leave(session, activity, person_id)


async def _seat_holder_checked(
    session: AsyncSession, registry: Registry, viewer: Viewer, activity_id: int, person_id: int
) -> Activity:
    """The activity, when the viewer sees it and acts for themselves or is staff of its
    program, and it is of a kind core registers for (not a program's managed kind)."""
    activity = await require_visible(session, viewer, Activity, activity_id)
    if person_id != viewer.person_id:
        viewer.require_staff(activity.organization_id, activity.program)
    require_open_kind(registry, activity.kind, "activityId")
    return activity


async def release_seat(
    session: AsyncSession, registry: Registry, activity: Activity, person_id: int
) -> Seat:
    """Free the person's seat (CORE-ACTIVITY-NOT-REGISTERED when they hold none), the
    activity locked first, and give it to the first on the waitlist in the same transaction:
    for a program's workflow after its own permission check."""
    await lock_row(session, Activity, activity.id, missing="activity")
    seat = await repository.seat(session, activity.id, person_id)
    if seat is None or seat.cancelled_at is not None:
        raise RuleViolation.single(
            NOT_REGISTERED,
            _("This person holds no seat at {activity}.", activity=activity.title),
            "personId",
        )
    seat.cancelled_at = utcnow()
    await session.flush()
    await promote(session, registry, activity)
    return seat


async def set_capacity(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    activity_id: int,
    capacity: int | None,
) -> Activity:
    """Staff give the activity a number of seats (None: unbounded), never fewer than the
    places already held: no one loses a seat to a resize."""
    activity = await require_visible(session, viewer, Activity, activity_id)
    viewer.require_staff(activity.organization_id, activity.program)
    require_open_kind(registry, activity.kind, "activityId")
    activity = await lock_row(session, Activity, activity.id, missing="activity")
    if capacity is not None:
        taken = await repository.places_taken(session, activity.id)
        check_capacity(capacity, least=max(taken, 1))
    activity.capacity = capacity
    await session.flush()
    await promote(session, registry, activity)
    return activity


def check_capacity(capacity: int | None, least: int = 1) -> None:
    if capacity is not None and capacity < least:
        if least == 1:
            message = _("An activity has at least {least} seat(s).", least=least)
        else:
            message = _(
                "An activity has at least {least} seat(s): {least} places are held already.",
                least=least,
            )
        raise RuleViolation.single(CAPACITY, message, "capacity")
