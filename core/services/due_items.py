"""Due items: what a person owes by a date. Programs create them; people complete them."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import NotFound, RuleViolation
from core.models import DueItem, Person

ALREADY_DONE = "CORE-DUE-DONE"


async def create_due_item(
    session: AsyncSession,
    *,
    person_id: int,
    program: str,
    kind: str,
    title: str,
    due_on: date,
    subject_id: int | None = None,
) -> DueItem:
    if await session.get(Person, person_id) is None:
        raise NotFound("No such person.")
    item = DueItem(
        person_id=person_id,
        program=program,
        kind=kind,
        title=title,
        due_on=due_on,
        subject_id=subject_id,
    )
    session.add(item)
    await session.flush()
    return item


async def complete_due_item(session: AsyncSession, item_id: int) -> DueItem:
    item = await session.get(DueItem, item_id, with_for_update={"key_share": True})
    if item is None:
        raise NotFound("No such due item.")
    if item.completed_at is not None:
        raise RuleViolation.single(ALREADY_DONE, f"{item.title} was completed already.")
    item.completed_at = utcnow()
    await session.flush()
    return item
