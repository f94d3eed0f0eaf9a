"""Statements about what people owe, for the API's reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, due_items_visible
from core.due_items.models import DueItem
from core.due_items.service import is_open
from core.repository import grouped


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
