"""Statements of IHI assessment scores and of the values the dashboard reads."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.measures.models import MeasureValue
from plugins.learning_collaborative.models import Assessment


async def existing(
    session: AsyncSession, team_id: int, month: object, assessor: object
) -> Assessment | None:
    statement = select(Assessment).where(
        Assessment.team_id == team_id,
        Assessment.month == month,
        Assessment.assessor == assessor,
    )
    return (await session.scalars(statement)).first()


async def of_teams(session: AsyncSession, team_ids: Sequence[int]) -> Sequence[Assessment]:
    if not team_ids:
        return []
    statement = (
        select(Assessment)
        .where(Assessment.team_id.in_(team_ids))
        .order_by(Assessment.month, Assessment.id)
    )
    return (await session.scalars(statement)).all()


async def values(
    session: AsyncSession, team_ids: Sequence[int], measure_ids: Sequence[int]
) -> Sequence[MeasureValue]:
    """Every version of the teams' values of the measures, by month then version, so the last
    row of a team, measure and month is its current value."""
    if not team_ids or not measure_ids:
        return []
    statement = (
        select(MeasureValue)
        .where(MeasureValue.group_id.in_(team_ids), MeasureValue.measure_id.in_(measure_ids))
        .order_by(MeasureValue.period, MeasureValue.version)
    )
    return (await session.scalars(statement)).all()
