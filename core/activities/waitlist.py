"""The waitlist of an activity whose seats belong to it: who asked for a seat once none was
left, in the order they asked.

Every change to the line happens with the activity's row locked (``core.locks``), the lock
seats take too: a ticket is the activity's highest ticket plus one, so two people joining at
once are numbered one after the other, and a seat freed is given to the first ticket still
waiting in the transaction that freed it (``seats.promote``). A person's position is their rank
among those still waiting, from 1. Taking a seat, by promotion or otherwise, closes the
person's entry; leaving closes it too; joining again takes a new ticket, at the back.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.activities import repository
from core.activities.models import Activity, WaitlistEntry
from core.db import utcnow
from core.errors import RuleViolation
from core.i18n import _
from core.locks import lock_row
from core.repository import add

NOT_WAITING = "CORE-ACTIVITY-NOT-WAITING"


def is_open(entry: WaitlistEntry | None) -> bool:
    return entry is not None and entry.promoted_at is None and entry.left_at is None


async def position(session: AsyncSession, entry: WaitlistEntry) -> int | None:
    """The entry's place in line, from 1; None once it is closed."""
    if not is_open(entry):
        return None
    line = (await repository.waitlists(session, [entry.activity_id]))[0]
    return [e.id for e in line].index(entry.id) + 1


async def enqueue(
    session: AsyncSession, activity: Activity, person_id: int, added_by_id: int | None
) -> WaitlistEntry:
    """Put the person at the back of the line (the caller checked they may wait and that no
    seat is left, the activity locked)."""
    await lock_row(session, Activity, activity.id, missing="activity")
    ticket = await repository.last_ticket(session, activity.id) + 1
    entry = await repository.waitlist_entry(session, activity.id, person_id)
    if entry is None:
        entry = WaitlistEntry(activity_id=activity.id, person_id=person_id, ticket=ticket)
    entry.ticket, entry.waitlisted_at, entry.added_by_id = ticket, utcnow(), added_by_id
    entry.promoted_at = entry.left_at = None
    return await add(session, entry)


async def close_if_waiting(session: AsyncSession, activity_id: int, person_id: int) -> None:
    """The person took a seat: whatever place in line they held is theirs no longer."""
    entry = await repository.waitlist_entry(session, activity_id, person_id)
    if is_open(entry):
        assert entry is not None
        entry.promoted_at = utcnow()
        await session.flush()


async def leave(session: AsyncSession, activity: Activity, person_id: int) -> WaitlistEntry:
    """Take the person out of the line (CORE-ACTIVITY-NOT-WAITING when they are not in it):
    for a program's workflow after its own permission check."""
    await lock_row(session, Activity, activity.id, missing="activity")
    entry = await repository.waitlist_entry(session, activity.id, person_id)
    if entry is None or not is_open(entry):
        raise RuleViolation.single(
            NOT_WAITING,
            _("This person is not on the waitlist of {activity}.", activity=activity.title),
            "personId",
        )
    entry.left_at = utcnow()
    await session.flush()
    return entry
