"""Statements about what people owe.

An item ends one of two ways: completed (done), or closed (no longer owed, never done: its
person left the program, say). Whatever asks "still owed?" or "overdue?" uses ``is_open`` and
``overdue``, since ``completed_at`` alone would count a closed item as owed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, due_items_visible
from core.due_items.models import DueItem
from core.repository import grouped


def is_open() -> ColumnElement[bool]:
    """Still owed: neither completed nor closed."""
    return and_(DueItem.completed_at.is_(None), DueItem.closed_at.is_(None))


def overdue(today: date) -> ColumnElement[bool]:
    """Still owed and past its date (due yesterday or earlier)."""
    return and_(is_open(), DueItem.due_on < today)


async def due_items_by_person(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer, include_completed: bool
) -> list[list[Any]]:
    """What each person still owes, soonest first, as far as the viewer may see; with
    ``include_completed`` their whole record, items completed or closed included."""
    statement = select(DueItem.__table__).where(due_items_visible(viewer))
    if not include_completed:
        statement = statement.where(is_open())
    statement = statement.order_by(DueItem.due_on, DueItem.id)
    return await grouped(session, statement, DueItem.person_id, ids)


async def close_open(session: AsyncSession, person_id: int, kind: str, when: datetime) -> int:
    """The person no longer owes their open items of ``kind`` (they left the program that set
    them): each is closed as of ``when`` rather than completed, so none falls due and none
    reads as done. Returns how many were closed."""
    result = await session.execute(
        update(DueItem)
        .where(DueItem.person_id == person_id, DueItem.kind == kind, is_open())
        .values(closed_at=when)
    )
    return int(result.rowcount or 0)


async def cancel_open_for(
    session: AsyncSession, *, program: str, person_id: int, when: datetime
) -> int:
    """Every open item the person owes the program stops being owed as of ``when`` (their
    enrolment ended): closed, not completed, as ``close_open`` does for one kind."""
    result = await session.execute(
        update(DueItem)
        .where(DueItem.person_id == person_id, DueItem.program == program, is_open())
        .values(closed_at=when)
    )
    return int(result.rowcount or 0)
