"""Statements about what people owe.

An item ends one of two ways: completed (done), or closed (no longer owed, never done: its
person left the program, say). Whatever asks "still owed?" or "overdue?" uses ``is_open`` and
``overdue``, since ``completed_at`` alone would count a closed item as owed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.access import Viewer, due_items_visible
from core.due_items.models import DueItem
from core.keyset import Page, Slice, Sort, keyset_pages
from core.notifications.models import Notification
from core.people.models import Person
from core.repository import insert_if_absent, rows_affected

_UNLIMITED = 2**31 - 1  # the count of a series that never ends


def is_open() -> ColumnElement[bool]:
    """Still owed: neither completed nor closed."""
    return and_(DueItem.completed_at.is_(None), DueItem.closed_at.is_(None))


def overdue(today: date) -> ColumnElement[bool]:
    """Still owed and past its date (due yesterday or earlier)."""
    return and_(is_open(), DueItem.due_on < today)


SOONEST_FIRST = (Sort(DueItem.due_on), Sort(DueItem.id))


async def due_item_pages(
    session: AsyncSession,
    ids: Sequence[int],
    viewer: Viewer,
    include_completed: bool,
    window: Slice,
) -> list[Page]:
    """A page of what each person still owes, soonest first, as far as the viewer may see;
    with ``include_completed`` of their whole record, items completed or closed included."""
    statement = select(DueItem.__table__).where(due_items_visible(viewer))
    if not include_completed:
        statement = statement.where(is_open())
    return await keyset_pages(session, statement, SOONEST_FIRST, window, DueItem.person_id, ids)


async def _close(session: AsyncSession, when: datetime, *which: ColumnElement[bool]) -> int:
    """Close, as of ``when``, the open items matching ``which``: closed rather than completed,
    so none falls due and none reads as done. Returns how many."""
    statement = update(DueItem).where(is_open(), *which).values(closed_at=when)
    return rows_affected(await session.execute(statement))


async def close_open(session: AsyncSession, person_id: int, kind: str, when: datetime) -> int:
    """The person no longer owes their open items of ``kind`` (they left the program that set
    them): each is closed as of ``when`` rather than completed, so none falls due and none
    reads as done. Returns how many were closed."""
    return await _close(session, when, DueItem.person_id == person_id, DueItem.kind == kind)


async def owing_since(session: AsyncSession, kind: str, due_before: date) -> Sequence[int]:
    """The people, in key order, with an open item of ``kind`` due before ``due_before``."""
    statement = (
        select(DueItem.person_id)
        .where(DueItem.kind == kind, is_open(), DueItem.due_on < due_before)
        .distinct()
        .order_by(DueItem.person_id)
    )
    return (await session.scalars(statement)).all()


async def close_due_before(
    session: AsyncSession, kind: str, due_before: date, when: datetime
) -> int:
    """Close, as of ``when``, every open item of ``kind`` due before ``due_before``."""
    return await _close(session, when, DueItem.kind == kind, DueItem.due_on < due_before)


async def to_remind(
    session: AsyncSession,
    *,
    programs: Sequence[str],
    until: date,
    last_reminder: Mapping[str, int],
    default_last: int,
    silent: Sequence[str],
    after: int,
    limit: int,
) -> Sequence[Any]:
    """Open items of ``programs`` due by ``until`` whose last reminder (per kind, from
    ``last_reminder``; ``default_last`` for the others; none for ``silent`` kinds) was not
    sent yet, in key order after key ``after``: an item leaves this list for good once it had
    its last reminder. Each with its person's language, which the reminder is written in."""
    last = (
        case(dict(last_reminder), value=DueItem.kind, else_=default_last)
        if last_reminder
        else literal(default_last)
    )
    reminded = exists().where(
        Notification.due_item_id == DueItem.id, Notification.reminder_day >= last
    )
    statement = (
        select(DueItem.__table__, Person.language)
        .join(Person, Person.id == DueItem.person_id)
        .where(is_open(), DueItem.program.in_(programs), DueItem.due_on <= until, ~reminded)
        .where(DueItem.kind.not_in(silent), DueItem.id > after)
        .order_by(DueItem.id)
        .limit(limit)
    )
    return (await session.execute(statement)).all()


async def to_continue(
    session: AsyncSession, *, counts: Mapping[str, int | None], today: date, limit: int
) -> Sequence[Any]:
    """Items of the recurring kinds in ``counts`` that fell due (by ``today``), were not closed,
    are not the last of their series (a kind's count, if it has one) and have no successor
    yet: their series goes on."""
    successor = aliased(DueItem)
    limits = {kind: count for kind, count in counts.items() if count is not None}
    occurrence = func.coalesce(DueItem.occurrence, 1)
    statement = (
        select(DueItem.id, DueItem.person_id)
        .where(
            DueItem.kind.in_(list(counts)),
            occurrence < case(limits, value=DueItem.kind, else_=_UNLIMITED) if limits else true(),
            DueItem.closed_at.is_(None),
            DueItem.due_on <= today,
            ~exists().where(successor.follows_id == DueItem.id),
        )
        .order_by(DueItem.id)
        .limit(limit)
    )
    return (await session.execute(statement)).all()


async def add_successor(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Add the next item of a series unless its predecessor has one already (the unique
    ``follows_id``): one successor, however many workers continue the series at once."""
    return await insert_if_absent(session, DueItem, values, ("follows_id",))


async def cancel_open_for(
    session: AsyncSession, *, program: str, person_id: int, when: datetime
) -> int:
    """Every open item the person owes the program stops being owed as of ``when`` (their
    enrolment ended): closed, not completed, as ``close_open`` does for one kind."""
    return await _close(session, when, DueItem.person_id == person_id, DueItem.program == program)
