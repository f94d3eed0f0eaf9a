"""Statements of monthly reports: core's current measure values and the teams' report items."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.due_items.models import DueItem
from core.measures.models import MeasureValue
from plugins.learning_collaborative import MONTHLY_REPORT, SLUG


async def first_values(
    session: AsyncSession, team_ids: Sequence[int], measure_ids: Sequence[int]
) -> list[Any]:
    """Each team's first version of each measure and month: when it was first reported."""
    if not team_ids or not measure_ids:
        return []
    statement = select(
        MeasureValue.group_id,
        MeasureValue.measure_id,
        MeasureValue.period,
        MeasureValue.recorded_at,
    ).where(
        MeasureValue.group_id.in_(team_ids),
        MeasureValue.measure_id.in_(measure_ids),
        MeasureValue.version == 1,
    )
    return list((await session.execute(statement)).all())


async def reported_measures(
    session: AsyncSession, team_id: int, measure_ids: Sequence[int], month: date
) -> int:
    """How many of the measures the team has a value of for the month."""
    statement = select(func.count(func.distinct(MeasureValue.measure_id))).where(
        MeasureValue.group_id == team_id,
        MeasureValue.measure_id.in_(measure_ids),
        MeasureValue.period == month,
    )
    return int(await session.scalar(statement) or 0)


async def open_report_item(
    session: AsyncSession, team_id: int, due_from: date, due_to: date
) -> DueItem | None:
    """The team's open report item due in the window after the month reported."""
    statement = select(DueItem).where(
        DueItem.program == SLUG,
        DueItem.kind == MONTHLY_REPORT,
        DueItem.subject_id == team_id,
        DueItem.completed_at.is_(None),
        DueItem.closed_at.is_(None),
        DueItem.due_on >= due_from,
        DueItem.due_on < due_to,
    )
    return (await session.scalars(statement)).first()


async def teams_with_report_items(session: AsyncSession, team_ids: Sequence[int]) -> set[int]:
    if not team_ids:
        return set()
    statement = select(DueItem.subject_id).where(
        DueItem.program == SLUG,
        DueItem.kind == MONTHLY_REPORT,
        DueItem.subject_id.in_(team_ids),
    )
    return {pk for pk in (await session.scalars(statement)).all() if pk is not None}
