"""Statements of the charter: the collaborative's own row, its goals and measures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.groups.models import Group
from core.measures.models import Measure
from plugins.learning_collaborative.models import CharterGoal, CharterMeasure, Collaborative


async def goals(session: AsyncSession, collaborative_id: int) -> Sequence[CharterGoal]:
    statement = (
        select(CharterGoal)
        .where(CharterGoal.collaborative_id == collaborative_id)
        .order_by(CharterGoal.id)
    )
    return (await session.scalars(statement)).all()


async def measures(session: AsyncSession, collaborative_id: int) -> list[tuple[Any, Any]]:
    """The charter's measures with their core measure, in the order they were named."""
    statement = (
        select(CharterMeasure, Measure)
        .join(Measure, Measure.id == CharterMeasure.measure_id)
        .where(CharterMeasure.collaborative_id == collaborative_id)
        .order_by(CharterMeasure.id)
    )
    return [(row[0], row[1]) for row in (await session.execute(statement)).all()]


async def charter_measure(
    session: AsyncSession, collaborative_id: int, measure_id: int
) -> CharterMeasure | None:
    statement = select(CharterMeasure).where(
        CharterMeasure.collaborative_id == collaborative_id,
        CharterMeasure.measure_id == measure_id,
    )
    return (await session.scalars(statement)).first()


async def collaboratives(session: AsyncSession, organization_id: int) -> Sequence[Any]:
    """An organization's collaboratives with their group, newest first."""
    statement = (
        select(Collaborative, Group)
        .join(Group, Group.id == Collaborative.group_id)
        .where(Collaborative.organization_id == organization_id)
        .order_by(Collaborative.group_id.desc())
    )
    return (await session.execute(statement)).all()
