"""Sessions, registration and attendance (SGLS-OBJECTIVES, SGLS-CAPACITY, SGLS-CREDIT).

A session is a core activity with seats (core's ``take_seat`` holds the cap under concurrent
registration) plus what the program adds: its series, objectives and lead doctor. Core's seats
have no waitlist, so a registration past the cap waits in the program's table, in order, and
the first still waiting takes the seat a cancellation frees, in the cancelling transaction
(the activity row stays locked throughout). Credit follows core: a session is certified
through core's per-activity certification, so attendance while awaiting it earns none and the
certification awards it retroactively, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer, require_visible
from core.activities import seats
from core.activities import service as activities
from core.activities.models import Activity, Participation, Seat
from core.credits import certifications
from core.credits.models import CreditEntry
from core.credits.service import AwardResult
from core.db import utcnow
from core.errors import Forbidden, RuleViolation
from core.locks import lock_row
from core.people.models import Organization, Person
from core.registry import Registry
from core.repository import add, find
from plugins.psp_sgls import SESSION, SLUG, settings
from plugins.psp_sgls.models import Series, Session, WaitlistEntry
from plugins.psp_sgls.sessions import repository

CAPACITY = "SGLS-CAPACITY"
OBJECTIVES = "SGLS-OBJECTIVES"
CREDIT = "SGLS-CREDIT"
INVALID = "INVALID"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class SessionInput:
    series_id: int
    division_id: int
    title: str
    objectives: str
    starts_at: datetime
    ends_at: datetime
    place: str | None = None
    lead_id: int | None = None
    capacity: int | None = None


@dataclass(frozen=True)
class Registration:
    """A seat taken, or a place on the waitlist (with its position) when none was left."""

    seat: Seat | None
    waiting: WaitlistEntry | None
    position: int | None = None


def require_capacity(registry: Registry, capacity: int | None) -> int:
    """SGLS-CAPACITY: the setting's cap unless a smaller group is asked for, never above it."""
    cap = settings.integer(registry, "capacity")
    if capacity is None:
        return cap
    if not 1 <= capacity <= cap:
        raise RuleViolation.single(
            CAPACITY, f"A session holds 1 to {cap} participants, not {capacity}.", "capacity"
        )
    return capacity


async def schedule(
    db: AsyncSession, registry: Registry, viewer: Viewer, data: SessionInput
) -> Session:
    """A division's coordinator schedules a session of a series (SGLS-OBJECTIVES); in a
    certified series it is certified at once with the series' rate."""
    viewer.require_staff(data.division_id, SLUG)
    capacity = require_capacity(registry, data.capacity)
    if not data.objectives.strip():
        raise RuleViolation.single(
            OBJECTIVES, "The division sets the session's objectives.", "objectives"
        )
    series = await find(db, Series, data.series_id, missing="series")
    await find(db, Organization, data.division_id, missing="division")
    if data.lead_id is not None:
        await require_visible(db, viewer, Person, data.lead_id)
    activity = await activities.add_activity(
        db,
        registry,
        viewer,
        activities.ActivityInput(
            organization_id=data.division_id,
            kind=SESSION,
            title=data.title,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            location=data.place,
            capacity=capacity,
        ),
    )
    row = await add(
        db,
        Session(
            activity_id=activity.id,
            series_id=series.id,
            division_id=data.division_id,
            objectives=data.objectives.strip(),
            lead_id=data.lead_id,
        ),
    )
    if series.rate is not None:
        await certify_activity(db, registry, viewer, series, activity)
    return row


async def certify_activity(
    db: AsyncSession, registry: Registry, viewer: Viewer, series: Series, activity: Activity
) -> list[CreditEntry]:
    """SGLS-CREDIT: certify one session under its series' rate from the session's day; core
    awards what its attendance earned while awaiting certification, once."""
    assert series.rate is not None
    terms = certifications.Terms(
        code=f"SGLS-{series.id}-{activity.id}",
        title=f"{series.title}: {activity.title}"[:200],
        credit_type="certified",
        rate=series.rate,
        unit="hour",
        effective_from=activity.starts_at.date(),
    )
    certified = await certifications.add_certification(
        db, registry, viewer, terms=terms, activity_id=activity.id
    )
    return certified.awarded


async def certify_series(
    db: AsyncSession, registry: Registry, viewer: Viewer, *, series_id: int, rate: Decimal | None
) -> tuple[Series, list[CreditEntry]]:
    """SGLS-CREDIT: the certification arrives for a series awaiting it; every session of it is
    certified and what its physicians attended is credited retroactively, once."""
    series = await lock_row(db, Series, series_id, missing="series")
    viewer.require_staff(series.organization_id, SLUG)
    if series.rate is not None:
        raise RuleViolation.single(CREDIT, f"{series.title} is already certified.", "seriesId")
    rate = rate if rate is not None else settings.decimal(registry, "credit_rate")
    if rate < 0 or rate != rate.quantize(CENT):
        raise RuleViolation.single(CREDIT, "A rate is zero or more, in hundredths.", "rate")
    series.rate = rate.quantize(CENT)
    awarded: list[CreditEntry] = []
    for row in await repository.sessions_of_series(db, series.id):
        activity = await find(db, Activity, row.activity_id, missing="activity")
        awarded += await certify_activity(db, registry, viewer, series, activity)
    await db.flush()
    return series, awarded


async def session_of(db: AsyncSession, viewer: Viewer, session_id: int) -> tuple[Session, Activity]:
    """The session and its activity, for the division's people and the staff reaching it: a
    session is offered to its division, so its people see it before they register."""
    viewer.require_person()
    row = await find(db, Session, session_id, missing="session")
    if not (viewer.belongs_to(row.division_id, SLUG) or viewer.is_staff(row.division_id, SLUG)):
        raise Forbidden("Only the division's people and staff see its sessions.")
    return row, await find(db, Activity, row.activity_id, missing="activity")


async def register(
    db: AsyncSession, registry: Registry, viewer: Viewer, *, session_id: int, person_id: int
) -> Registration:
    """A participant registers themselves, or the division's staff register them. A full
    session (SGLS-CAPACITY) puts them on its waitlist, in order."""
    row, activity = await session_of(db, viewer, session_id)
    if person_id != viewer.person_id:
        viewer.require_staff(activity.organization_id, SLUG)
    await require_visible(db, viewer, Person, person_id)
    activity = await lock_row(db, Activity, activity.id, missing="activity")
    decision = await eligibility.check(
        db, registry, seats.REGISTER_ACTION, person_id, subject_id=activity.id, program=SLUG
    )
    decision.raise_if_denied()
    waiting = await repository.waiting(db, row.id, person_id)
    if waiting is not None and waiting.promoted_at is None and waiting.cancelled_at is None:
        raise RuleViolation.single(
            seats.REGISTERED, "This person is already on the session's waitlist.", "personId"
        )
    try:
        seat = await seats.take_seat(db, registry, activity, person_id, viewer.person_id)
    except RuleViolation as refused:
        if [r.code for r in refused.reasons] != [seats.FULL]:
            raise
        return await _wait(db, row, person_id, waiting)
    return Registration(seat=seat, waiting=None)


async def _wait(
    db: AsyncSession, row: Session, person_id: int, earlier: WaitlistEntry | None
) -> Registration:
    if earlier is None:
        entry = await add(db, WaitlistEntry(session_id=row.id, person_id=person_id))
    else:  # waited before and cancelled, or promoted and left: to the back of the line
        earlier.waitlisted_at, earlier.promoted_at, earlier.cancelled_at = utcnow(), None, None
        await db.flush()
        entry = earlier
    line = (await repository.waitlists(db, [row.id]))[0]
    return Registration(seat=None, waiting=entry, position=line.index(entry) + 1)


async def cancel(
    db: AsyncSession, registry: Registry, viewer: Viewer, *, session_id: int, person_id: int
) -> Registration:
    """Leave a seat (freeing it for the first on the waitlist) or the waitlist."""
    row, activity = await session_of(db, viewer, session_id)
    if person_id != viewer.person_id:
        viewer.require_staff(activity.organization_id, SLUG)
    await lock_row(db, Activity, activity.id, missing="activity")
    waiting = await repository.waiting(db, row.id, person_id)
    if waiting is not None and waiting.promoted_at is None and waiting.cancelled_at is None:
        waiting.cancelled_at = utcnow()
        await db.flush()
        return Registration(seat=None, waiting=waiting)
    seat = await seats.release_seat(db, activity, person_id)
    await promote(db, registry, row, activity)
    return Registration(seat=seat, waiting=None)


async def promote(db: AsyncSession, registry: Registry, row: Session, activity: Activity) -> None:
    """Give freed seats to those waiting, first come first served; one no longer eligible
    is skipped (cancelled) rather than blocking the line."""
    while (entry := await repository.first_waiting(db, row.id)) is not None:
        try:
            await seats.take_seat(db, registry, activity, entry.person_id, None)
        except RuleViolation as refused:
            if seats.FULL in [r.code for r in refused.reasons]:
                return
            entry.cancelled_at = utcnow()
        else:
            entry.promoted_at = utcnow()
        await db.flush()


async def record_attendance(
    db: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    session_id: int,
    person_id: int,
    hours: Decimal,
) -> tuple[Participation, AwardResult]:
    """The division's staff record hours attended; core awards credit under the session's
    certification (none while awaiting it: SGLS-CREDIT) to physicians only (SGLS-PARTICIPANTS).
    Only a registered participant attends: the seat is theirs."""
    _, activity = await session_of(db, viewer, session_id)
    viewer.require_staff(activity.organization_id, SLUG)
    return await activities.add_participation(db, registry, viewer, activity, person_id, hours)
