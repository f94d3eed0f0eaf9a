"""The example program's rules about notes: who may read and keep them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_staff_over, require_visible
from core.credits.achievements import AchievementAward, award_achievement
from core.people.models import Person
from core.registry import Registry
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


async def complete_exercise(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    person_id: int,
    organization_id: int,
    exercise: str,
    completed_on: date,
) -> AchievementAward:
    """The program's staff record an exercise a person completed: core awards its fixed
    credit once, however often it is recorded."""
    viewer.require_staff(organization_id, "example")
    await require_visible(session, viewer, Person, person_id)
    return await award_achievement(
        session,
        registry,
        program="example",
        person_id=person_id,
        organization_id=organization_id,
        kind="example.exercise",
        key=f"exercise:{exercise}",
        title=f"Exercise {exercise}",
        achieved_on=completed_on,
        recorded_by_id=viewer.person_id,
    )
