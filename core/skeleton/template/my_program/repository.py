"""The statements about entries: the only module of My program that builds SQL."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from my_program.models import Entry


async def entries_of(session: AsyncSession, person_id: int) -> Sequence[Entry]:
    statement = select(Entry).where(Entry.person_id == person_id).order_by(Entry.id)
    return (await session.scalars(statement)).all()


async def add(session: AsyncSession, person_id: int, text: str) -> Entry:
    entry = Entry(person_id=person_id, text=text)
    session.add(entry)
    await session.flush()
    return entry
