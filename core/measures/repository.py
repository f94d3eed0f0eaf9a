"""Statements about measures and their values."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.measures.models import Measure, MeasureValue


def measures(organization_id: int, program: str) -> Select[Any]:
    """A program's measures in one organization, in the order they were defined."""
    return (
        select(Measure.__table__)
        .where(Measure.organization_id == organization_id, Measure.program == program)
        .order_by(Measure.id)
    )


async def measure_list(session: AsyncSession, organization_id: int, program: str) -> list[Any]:
    return list((await session.execute(measures(organization_id, program))).all())


async def measure_named(
    session: AsyncSession, organization_id: int, program: str, name: str
) -> Measure | None:
    return await session.scalar(
        select(Measure).where(
            Measure.organization_id == organization_id,
            Measure.program == program,
            Measure.name == name,
        )
    )


async def current_value(
    session: AsyncSession, measure_id: int, group_id: int, period: date
) -> MeasureValue | None:
    """The latest version of the group's value for the month, if any was recorded."""
    return await session.scalar(
        select(MeasureValue)
        .where(
            MeasureValue.measure_id == measure_id,
            MeasureValue.group_id == group_id,
            MeasureValue.period == period,
        )
        .order_by(MeasureValue.version.desc())
        .limit(1)
    )


async def history(session: AsyncSession, measure_id: int, group_id: int) -> list[Any]:
    """Every version the group recorded for the measure, by month then version."""
    rows = await session.execute(
        select(MeasureValue.__table__)
        .where(MeasureValue.measure_id == measure_id, MeasureValue.group_id == group_id)
        .order_by(MeasureValue.period, MeasureValue.version)
    )
    return list(rows.all())


async def latest_versions(session: AsyncSession, measure_id: int, group_id: int) -> list[Any]:
    """The current value of each month, in month order: the run chart's points."""
    latest = (
        select(MeasureValue.period, func.max(MeasureValue.version).label("version"))
        .where(MeasureValue.measure_id == measure_id, MeasureValue.group_id == group_id)
        .group_by(MeasureValue.period)
        .subquery()
    )
    rows = await session.execute(
        select(MeasureValue.__table__)
        .join(
            latest,
            (MeasureValue.period == latest.c.period) & (MeasureValue.version == latest.c.version),
        )
        .where(MeasureValue.measure_id == measure_id, MeasureValue.group_id == group_id)
        .order_by(MeasureValue.period)
    )
    return list(rows.all())
