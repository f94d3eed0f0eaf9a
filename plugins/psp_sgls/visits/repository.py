"""The statements of support visits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.plans.models import Plan
from plugins.psp_sgls.models import Visit


async def visits_of_session(db: AsyncSession, session_id: int) -> Sequence[Visit]:
    rows = await db.scalars(
        select(Visit).where(Visit.session_id == session_id).order_by(Visit.visited_on, Visit.id)
    )
    return rows.all()


async def plans_of_person(db: AsyncSession, plan_ids: Sequence[int], person_id: int) -> set[int]:
    rows = await db.scalars(
        select(Plan.id).where(Plan.id.in_(plan_ids), Plan.person_id == person_id)
    )
    return set(rows)
