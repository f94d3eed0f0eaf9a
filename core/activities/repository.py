"""Statements about activities and attendance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, delete, exists, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, activities_visible
from core.activities.models import (
    Activity,
    ActivityPart,
    PartAttendance,
    Participation,
    Seat,
    WaitlistEntry,
)
from core.repository import by_id, grouped, grouped_by


def activities(viewer: Viewer, group_id: int | None, program: str | None) -> Select[Any]:
    """The activities the viewer may see, of one group or program when given."""
    statement = select(Activity).where(activities_visible(viewer))
    if group_id is not None:
        statement = statement.where(Activity.group_id == group_id)
    if program is not None:
        statement = statement.where(Activity.program == program)
    return statement


async def activities_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Activity)


async def participation(
    session: AsyncSession, activity_id: int, person_id: int
) -> Participation | None:
    """The person's attendance at the activity, withdrawn or not: a person has one."""
    return await session.scalar(
        select(Participation).where(
            Participation.activity_id == activity_id, Participation.person_id == person_id
        )
    )


async def parts(session: AsyncSession, activity_id: int) -> list[ActivityPart]:
    """The activity's parts in the order they happen."""
    rows = await session.scalars(
        select(ActivityPart)
        .where(ActivityPart.activity_id == activity_id)
        .order_by(ActivityPart.starts_at)
    )
    return list(rows.all())


async def parts_of_activities(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    """Each activity's parts in the order they happen (for the ``parts`` field)."""
    statement = select(ActivityPart.__table__).order_by(ActivityPart.starts_at)
    return await grouped(session, statement, ActivityPart.activity_id, ids)


async def parts_attended(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    """Each participation's attended parts in the order they happen."""
    statement = (
        select(ActivityPart.__table__, PartAttendance.participation_id)
        .join(PartAttendance, PartAttendance.part_id == ActivityPart.id)
        .order_by(ActivityPart.starts_at)
    )
    return await grouped(session, statement, PartAttendance.participation_id, ids)


async def parts_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, ActivityPart)


async def has_attendance(session: AsyncSession, activity_id: int) -> bool:
    """Whether any attendance, even withdrawn, was recorded at the activity."""
    return bool(
        await session.scalar(select(exists().where(Participation.activity_id == activity_id)))
    )


async def attended_part_ids(session: AsyncSession, participation_id: int) -> set[int]:
    rows = await session.scalars(
        select(PartAttendance.part_id).where(PartAttendance.participation_id == participation_id)
    )
    return set(rows.all())


async def forget_parts(session: AsyncSession, participation_id: int, part_ids: set[int]) -> None:
    """Parts no longer counted as attended (a correction): the credit ledger keeps what was."""
    if part_ids:
        await session.execute(
            delete(PartAttendance).where(
                PartAttendance.participation_id == participation_id,
                PartAttendance.part_id.in_(part_ids),
            )
        )


async def remove_parts(session: AsyncSession, activity_id: int) -> None:
    """Drop an activity's parts before it is given new ones (never once attended)."""
    await session.execute(delete(ActivityPart).where(ActivityPart.activity_id == activity_id))


async def seats_of_activities(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    """Each activity's seats, in the order they were first taken."""
    return await grouped_by(session, Seat, Seat.activity_id, ids)


async def seat(session: AsyncSession, activity_id: int, person_id: int) -> Seat | None:
    """The person's seat at the activity, cancelled or not: a person has one."""
    return await session.scalar(
        select(Seat).where(Seat.activity_id == activity_id, Seat.person_id == person_id)
    )


def _places(activity_id: int) -> Any:
    """Who holds a place at the activity: a seat not cancelled, or attendance not withdrawn."""
    return union(
        select(Seat.person_id).where(Seat.activity_id == activity_id, Seat.cancelled_at.is_(None)),
        select(Participation.person_id).where(
            Participation.activity_id == activity_id, Participation.withdrawn_at.is_(None)
        ),
    ).subquery()


async def places_taken(session: AsyncSession, activity_id: int) -> int:
    taken = _places(activity_id)
    return await session.scalar(select(func.count()).select_from(taken)) or 0


async def holds_place(session: AsyncSession, activity_id: int, person_id: int) -> bool:
    taken = _places(activity_id)
    return bool(await session.scalar(select(exists().where(taken.c.person_id == person_id))))


async def places_taken_by_activity(session: AsyncSession, ids: Sequence[int]) -> list[int]:
    """Places taken per activity (for ``seatsTaken``), one query however many."""
    seats = select(Seat.activity_id, Seat.person_id).where(
        Seat.activity_id.in_(ids), Seat.cancelled_at.is_(None)
    )
    attending = select(Participation.activity_id, Participation.person_id).where(
        Participation.activity_id.in_(ids), Participation.withdrawn_at.is_(None)
    )
    taken = union(seats, attending).subquery()
    rows = await session.execute(
        select(taken.c.activity_id, func.count()).group_by(taken.c.activity_id)
    )
    counts = {activity: count for activity, count in rows}
    return [counts.get(pk, 0) for pk in ids]


def _waiting() -> Select[Any]:
    """Entries still waiting, first come first served."""
    return (
        select(WaitlistEntry)
        .where(WaitlistEntry.promoted_at.is_(None), WaitlistEntry.left_at.is_(None))
        .order_by(WaitlistEntry.ticket)
    )


async def waitlist_entry(
    session: AsyncSession, activity_id: int, person_id: int
) -> WaitlistEntry | None:
    """The person's entry on the activity's waitlist, open or closed: a person has one."""
    return await session.scalar(
        select(WaitlistEntry).where(
            WaitlistEntry.activity_id == activity_id, WaitlistEntry.person_id == person_id
        )
    )


async def first_waiting(session: AsyncSession, activity_id: int) -> WaitlistEntry | None:
    return await session.scalar(_waiting().where(WaitlistEntry.activity_id == activity_id).limit(1))


async def last_ticket(session: AsyncSession, activity_id: int) -> int:
    """The highest ticket the activity gave, open or closed (0 before the first)."""
    found = await session.scalar(
        select(func.max(WaitlistEntry.ticket)).where(WaitlistEntry.activity_id == activity_id)
    )
    return found or 0


async def waitlists(session: AsyncSession, ids: Sequence[int]) -> list[list[WaitlistEntry]]:
    """Per activity, who is still waiting, in order: one query however many activities."""
    rows = await session.scalars(_waiting().where(WaitlistEntry.activity_id.in_(ids)))
    found: dict[int, list[WaitlistEntry]] = {pk: [] for pk in ids}
    for row in rows:
        found[row.activity_id].append(row)
    return [found[pk] for pk in ids]


async def waiting_of_person(session: AsyncSession, person_id: int) -> list[WaitlistEntry]:
    """The person's open entries, by activity."""
    rows = await session.scalars(
        _waiting()
        .where(WaitlistEntry.person_id == person_id)
        .order_by(None)
        .order_by(WaitlistEntry.activity_id)
    )
    return list(rows.all())
