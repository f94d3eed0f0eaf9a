"""The example program's rules about notes: who may read and keep them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_staff_over, require_visible
from core.people.models import Person
from peerlearn_example import repository
from peerlearn_example.models import Note


async def notes(session: AsyncSession, viewer: Viewer, person_id: int) -> Sequence[Any]:
    """Whoever may see a person may read their notes."""
    await require_visible(session, viewer, Person, person_id)
    return await repository.notes_of(session, person_id)


async def add_note(session: AsyncSession, viewer: Viewer, person_id: int, text: str) -> Note:
    """A person keeps their own notes; the program's staff may keep one for them."""
    await require_visible(session, viewer, Person, person_id)
    if viewer.person_id != person_id:
        await require_staff_over(session, viewer, person_id, "example")
    return await repository.add(session, person_id, text)
