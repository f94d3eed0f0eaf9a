"""Statements for calendar feeds and what they list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.activities.models import Activity, ActivityPart, Participation, Seat
from core.calendars.models import CalendarFeed
from core.due_items.models import DueItem
from core.due_items.repository import is_open
from core.groups.models import Membership, MembershipStatus


async def by_token(session: AsyncSession, token_sha256: str) -> CalendarFeed | None:
    return await session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.token_sha256 == token_sha256, CalendarFeed.revoked_at.is_(None)
        )
    )


def feeds_of(person_id: int) -> Select[Any]:
    return select(CalendarFeed).where(CalendarFeed.person_id == person_id)


async def activities_of_person(
    session: AsyncSession, person_id: int, since: datetime
) -> Sequence[Activity]:
    """Activities the person holds a seat at, attended, or whose group they belong to."""
    rows = await session.scalars(
        select(Activity)
        .where(
            Activity.ends_at >= since,
            or_(
                Activity.id.in_(
                    select(Seat.activity_id).where(
                        Seat.person_id == person_id, Seat.cancelled_at.is_(None)
                    )
                ),
                Activity.id.in_(
                    select(Participation.activity_id).where(
                        Participation.person_id == person_id, Participation.withdrawn_at.is_(None)
                    )
                ),
                Activity.group_id.in_(
                    select(Membership.group_id).where(
                        Membership.person_id == person_id,
                        Membership.status == MembershipStatus.ACTIVE,
                    )
                ),
            ),
        )
        .order_by(Activity.starts_at, Activity.id)
    )
    return rows.all()


async def open_due_items(session: AsyncSession, person_id: int) -> Sequence[DueItem]:
    rows = await session.scalars(
        select(DueItem)
        .where(DueItem.person_id == person_id, is_open())
        .order_by(DueItem.due_on, DueItem.id)
    )
    return rows.all()


async def open_sessions(session: AsyncSession, program: str, since: datetime) -> Sequence[Activity]:
    """A program's sessions people register for (those with seats), from ``since`` on."""
    rows = await session.scalars(
        select(Activity)
        .where(
            Activity.program == program,
            Activity.capacity.is_not(None),
            Activity.ends_at >= since,
        )
        .order_by(Activity.starts_at, Activity.id)
    )
    return rows.all()


async def parts_of(
    session: AsyncSession, activity_ids: Sequence[int]
) -> dict[int, list[ActivityPart]]:
    """The days or blocks of these activities, by activity: each is its own calendar event."""
    rows = await session.scalars(
        select(ActivityPart)
        .where(ActivityPart.activity_id.in_(activity_ids))
        .order_by(ActivityPart.starts_at, ActivityPart.id)
    )
    parts: dict[int, list[ActivityPart]] = {}
    for part in rows:
        parts.setdefault(part.activity_id, []).append(part)
    return parts
