"""The statements about notes: the only place the example program builds SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from peerlearn_example.models import Note


async def notes_of(session: AsyncSession, person_id: int) -> Sequence[Any]:
    """A person's notes, oldest first."""
    statement = select(Note.__table__).where(Note.person_id == person_id).order_by(Note.id)
    return (await session.execute(statement)).all()


async def add(session: AsyncSession, person_id: int, text: str) -> Note:
    note = Note(person_id=person_id, text=text)
    session.add(note)
    await session.flush()
    return note
