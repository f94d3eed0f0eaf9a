"""Statements of PDSA cycles and the measures they are linked to."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from plugins.learning_collaborative.models import PdsaCycle, PdsaMeasure, Spread


async def cycles(
    session: AsyncSession, team_id: int, measure_id: int | None = None
) -> Sequence[PdsaCycle]:
    """A team's cycles by start, or only those linked to one measure."""
    statement = select(PdsaCycle).where(PdsaCycle.team_id == team_id)
    if measure_id is not None:
        linked = select(PdsaMeasure.cycle_id).where(PdsaMeasure.measure_id == measure_id)
        statement = statement.where(PdsaCycle.id.in_(linked))
    statement = statement.order_by(PdsaCycle.started_on, PdsaCycle.id)
    return (await session.scalars(statement)).all()


async def measures_by_cycle(
    session: AsyncSession, cycle_ids: Sequence[int]
) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {pk: [] for pk in cycle_ids}
    if not cycle_ids:
        return found
    statement = (
        select(PdsaMeasure.cycle_id, PdsaMeasure.measure_id)
        .where(PdsaMeasure.cycle_id.in_(cycle_ids))
        .order_by(PdsaMeasure.measure_id)
    )
    for cycle, measure in (await session.execute(statement)).all():
        found[cycle].append(measure)
    return found


async def spread_of_team(session: AsyncSession, team_id: int) -> Sequence[Spread]:
    statement = (
        select(Spread).where(Spread.team_id == team_id).order_by(Spread.spread_on, Spread.id)
    )
    return (await session.scalars(statement)).all()
