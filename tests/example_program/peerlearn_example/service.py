"""The example program's rules about notes: who may read and keep them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_staff_over, require_visible
from core.activities.models import Activity, Participation
from core.due_items.service import schedule_due_item
from core.events import Event
from core.people.models import Person
from core.registry import Registry
from core.repository import find
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


REFLECTION = "example.reflection"
REFLECTION_AFTER = timedelta(days=60)


async def ask_for_reflection(session: AsyncSession, registry: Registry, event: Event) -> None:
    """Two months after a workshop its participant owes a reflection (the way SGLS asks for a
    questionnaire): scheduled when attendance is recorded, not by a mutation of the program's."""
    participation = await find(session, Participation, event.subject_id, missing="participation")
    activity = await find(session, Activity, participation.activity_id, missing="activity")
    await schedule_due_item(
        session,
        registry,
        program="example",
        person_id=participation.person_id,
        kind=REFLECTION,
        title=f"Reflect on {activity.title}",
        due_on=activity.ends_at.date() + REFLECTION_AFTER,
        subject_id=activity.id,
    )
