"""Sessions, registration and attendance (SGLS-OBJECTIVES, SGLS-CAPACITY, SGLS-CREDIT).

A session is a core activity with seats plus what the program adds: its series, objectives
and lead doctor. Registering asks core for a seat (``request_seat`` holds the cap under
concurrent registration): past the cap the person waits on core's waitlist of the activity,
in order, and core gives the seat a cancellation frees to the first still waiting, in the
cancelling transaction (the activity row stays locked throughout). Credit follows core: a
session is certified through core's per-activity certification, so attendance while awaiting
it earns none and the certification awards it retroactively, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden, require_visible
from core.activities import seats
from core.activities import service as activities
from core.activities.models import Activity, Participation
from core.credits import certifications
from core.credits.models import CreditEntry
from core.credits.service import AwardResult
from core.eligibility import Decision
from core.errors import RuleViolation
from core.locks import lock_row
from core.people.models import Organization, Person
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import add, find
from plugins.psp_sgls import SESSION, SLUG, settings
from plugins.psp_sgls.i18n import _
from plugins.psp_sgls.models import Series, Session
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


def require_capacity(registry: Registry, capacity: int | None) -> int:
    """SGLS-CAPACITY: the setting's cap unless a smaller group is asked for, never above it."""
    cap = settings.integer(registry, "capacity")
    if capacity is None:
        return cap
    if not 1 <= capacity <= cap:
        raise RuleViolation.single(
            CAPACITY,
            _(
                "A session holds 1 to {cap} participants, not {capacity}.",
                cap=cap,
                capacity=capacity,
            ),
            "capacity",
        )
    return capacity


async def schedule(
    db: AsyncSession, registry: Registry, viewer: Viewer, data: SessionInput
) -> Session:
    """A division's coordinator schedules a session of a series (SGLS-OBJECTIVES); in a
    certified series it is certified at once with the series' rate."""
    screen(objectives=data.objectives)
    viewer.require_staff(data.division_id, SLUG)
    capacity = require_capacity(registry, data.capacity)
    if not data.objectives.strip():
        raise RuleViolation.single(
            OBJECTIVES, _("The division sets the session's objectives."), "objectives"
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
        raise RuleViolation.single(
            CREDIT, _("{title} is already certified.", title=series.title), "seriesId"
        )
    rate = rate if rate is not None else settings.decimal(registry, "credit_rate")
    if rate < 0 or rate != rate.quantize(CENT):
        raise RuleViolation.single(CREDIT, _("A rate is zero or more, in hundredths."), "rate")
    series.rate = rate.quantize(CENT)
    awarded: list[CreditEntry] = []
    for row in await repository.sessions_of_series(db, series.id):
        activity = await find(db, Activity, row.activity_id, missing="activity")
        awarded += await certify_activity(db, registry, viewer, series, activity)
    await db.flush()
    return series, awarded


async def session_of(db: AsyncSession, viewer: Viewer, session_id: int) -> tuple[Session, Activity]:
    """The session and its activity, for the division's people and the staff reaching it: a
    session is offered to its division, so its people see it before they register. Anyone
    else is refused alike whether or not the session exists (``hidden``): a refusal never
    tells them a session they may not see is there."""
    viewer.require_person()
    row = await db.get(Session, session_id)
    if row is None or not (
        viewer.belongs_to(row.division_id, SLUG) or viewer.is_staff(row.division_id, SLUG)
    ):
        raise hidden(viewer, "session")
    return row, await find(db, Activity, row.activity_id, missing="activity")


async def _registering(
    db: AsyncSession, viewer: Viewer, session_id: int, person_id: int
) -> Activity:
    """The session's activity, for the person themselves or the division's staff, naming a
    person the viewer sees."""
    _, activity = await session_of(db, viewer, session_id)
    if person_id != viewer.person_id:
        viewer.require_staff(activity.organization_id, SLUG)
    await require_visible(db, viewer, Person, person_id)
    return activity


async def register(
    db: AsyncSession, registry: Registry, viewer: Viewer, *, session_id: int, person_id: int
) -> seats.Registration:
    """A participant registers themselves, or the division's staff register them. A full
    session (SGLS-CAPACITY) puts them on its waitlist, in order."""
    activity = await _registering(db, viewer, session_id, person_id)
    return await seats.request_seat(db, registry, activity, person_id, viewer.person_id)


async def registration_eligibility(
    db: AsyncSession, registry: Registry, viewer: Viewer, *, session_id: int, person_id: int
) -> Decision:
    """Whether the person may register for a session open to the viewer, every rule's verdict
    with its reason (SGLS-PARTICIPANTS; SGLS-CAPACITY: the seats left, or that registering
    joins the waitlist). A participant asks about a session of their division before they
    register, which core's ``eligibility`` query (activities they already see) cannot."""
    activity = await _registering(db, viewer, session_id, person_id)
    return await seats.may_register(db, registry, activity, person_id)


async def cancel(
    db: AsyncSession, registry: Registry, viewer: Viewer, *, session_id: int, person_id: int
) -> seats.Registration:
    """Leave the waitlist, or a seat (core gives it to the first on the waitlist)."""
    _, activity = await session_of(db, viewer, session_id)
    if person_id != viewer.person_id:
        viewer.require_staff(activity.organization_id, SLUG)
    return await seats.withdraw(db, registry, activity, person_id)


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
