"""The statements of sessions: the only module of ``sessions`` with SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, activities_visible
from core.activities.models import Activity, Seat, WaitlistEntry
from plugins.psp_sgls import SLUG
from plugins.psp_sgls.models import Series, Session


async def session_of_activity(db: AsyncSession, activity_id: int) -> Session | None:
    return await db.scalar(select(Session).where(Session.activity_id == activity_id))


async def sessions_of_series(db: AsyncSession, series_id: int) -> Sequence[Session]:
    found = await db.scalars(select(Session).where(Session.series_id == series_id))
    return found.all()


def sessions(viewer: Viewer, series_id: int | None, division_id: int | None) -> Select[Any]:
    """Sessions whose activity the viewer may see, newest id last (a keyset page)."""
    statement = (
        select(Session)
        .join(Activity, Activity.id == Session.activity_id)
        .where(or_(activities_visible(viewer), _divisions_reached(viewer)))
        .order_by(Session.id)
    )
    if series_id is not None:
        statement = statement.where(Session.series_id == series_id)
    if division_id is not None:
        statement = statement.where(Session.division_id == division_id)
    return statement


def _divisions_reached(viewer: Viewer) -> ColumnElement[bool]:
    """Sessions of divisions the viewer's roles (for the program or any) reach."""
    reach = [
        g.reach(Session.division_id)
        for g in viewer.grants
        if g.organization_id is not None and g.program in (None, SLUG)
    ]
    return or_(*reach) if reach else false()


async def series(db: AsyncSession, series_id: int) -> Series | None:
    return await db.get(Series, series_id)


async def registrations_of(db: AsyncSession, person_id: int) -> list[tuple[Session, bool, int]]:
    """The person's sessions: (session, seated, core waitlist entry id or 0), seats first, by
    session."""
    seated = await db.scalars(
        select(Session)
        .join(Seat, Seat.activity_id == Session.activity_id)
        .where(Seat.person_id == person_id, Seat.cancelled_at.is_(None))
        .order_by(Session.id)
    )
    waiting = await db.execute(
        select(Session, WaitlistEntry.id)
        .join(WaitlistEntry, WaitlistEntry.activity_id == Session.activity_id)
        .where(
            WaitlistEntry.person_id == person_id,
            WaitlistEntry.promoted_at.is_(None),
            WaitlistEntry.left_at.is_(None),
        )
        .order_by(Session.id)
    )
    return [(s, True, 0) for s in seated] + [(s, False, w) for s, w in waiting]
