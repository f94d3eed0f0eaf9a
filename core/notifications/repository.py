"""Statements about the messages recorded for people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.keyset import Page, Slice, Sort, keyset_pages
from core.notifications.models import Notification
from core.repository import insert_if_absent

# A reminder's key: its due item and the day it is for (the unique index of core_0011).
REMINDER_KEY = ("due_item_id", "reminder_day")


NEWEST_FIRST = (
    Sort(Notification.created_at, descending=True),
    Sort(Notification.id, descending=True),
)


async def notification_pages(
    session: AsyncSession, ids: Sequence[int], reader: int | None, window: Slice
) -> list[Page]:
    """A page of each person's messages, newest first; only ``reader``'s own are read."""
    statement = select(Notification.__table__).where(Notification.person_id == reader)
    return await keyset_pages(session, statement, NEWEST_FIRST, window, Notification.person_id, ids)


async def notifications_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Notification]:
    """The messages of ``ids`` (those that exist), in id order, locked for the change."""
    statement = (
        select(Notification).where(Notification.id.in_(ids)).order_by(Notification.id)
    ).with_for_update()
    return list((await session.scalars(statement)).all())


def record(session: AsyncSession, notification: Notification) -> None:
    """Keep the message with the caller's next write rather than writing it now: a workflow
    telling several people costs no statement per message."""
    session.add(notification)


async def record_reminder(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Record a reminder unless its item's reminder of that day is recorded already, by this
    worker or another: the unique key (item, reminder day) decides, in the database. True if
    this call recorded it."""
    return await insert_if_absent(session, Notification, values, REMINDER_KEY)
