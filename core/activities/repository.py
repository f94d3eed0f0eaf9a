"""Statements about activities and attendance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, activities_visible
from core.activities.models import Activity, Participation
from core.repository import by_id


def activities(viewer: Viewer, group_id: int | None, program: str | None) -> Select[Any]:
    """The activities the viewer may see, of one group or program when given."""
    statement = select(Activity).where(activities_visible(viewer))
    if group_id is not None:
        statement = statement.where(Activity.group_id == group_id)
    if program is not None:
        statement = statement.where(Activity.program == program)
    return statement


async def activities_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Activity)


async def participation(
    session: AsyncSession, activity_id: int, person_id: int
) -> Participation | None:
    """The person's attendance at the activity, withdrawn or not: a person has one."""
    return await session.scalar(
        select(Participation).where(
            Participation.activity_id == activity_id, Participation.person_id == person_id
        )
    )
