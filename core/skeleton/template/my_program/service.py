"""Who may read and write a learning log: every access check of My program is here."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_staff_over, require_visible
from core.people.models import Person
from my_program import repository
from my_program.models import Entry

SLUG = "my_program"


async def entries(session: AsyncSession, viewer: Viewer, person_id: int) -> Sequence[Entry]:
    """Whoever may see the person reads their log; anyone else is refused."""
    await require_visible(session, viewer, Person, person_id)
    return await repository.entries_of(session, person_id)


async def add_entry(session: AsyncSession, viewer: Viewer, person_id: int, text: str) -> Entry:
    """A person writes their own log; the program's staff over them may write it for them."""
    await require_visible(session, viewer, Person, person_id)
    if viewer.person_id != person_id:
        await require_staff_over(session, viewer, person_id, SLUG)
    return await repository.add(session, person_id, text)
