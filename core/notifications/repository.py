"""Statements about the messages recorded for people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.notifications.models import Notification
from core.repository import grouped


async def notifications_by_person(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    """Each person's messages, newest first."""
    statement = select(Notification.__table__).order_by(
        Notification.created_at.desc(), Notification.id
    )
    return await grouped(session, statement, Notification.person_id, ids)


def record(session: AsyncSession, notification: Notification) -> None:
    """Keep the message with the caller's next write rather than writing it now: a workflow
    telling several people costs no statement per message."""
    session.add(notification)
