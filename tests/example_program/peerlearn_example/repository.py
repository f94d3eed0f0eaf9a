"""The statements about notes: the only place the example program builds SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from peerlearn_example.models import Note


def notes(person_id: int) -> Select[Any]:
    """A person's notes, oldest first."""
    return select(Note.__table__).where(Note.person_id == person_id).order_by(Note.id)


async def notes_of(session: AsyncSession, person_id: int) -> Sequence[Any]:
    return (await session.execute(notes(person_id))).all()


async def add(session: AsyncSession, person_id: int, text: str) -> Note:
    note = Note(person_id=person_id, text=text)
    session.add(note)
    await session.flush()
    return note
