"""The statements of series and topics."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from plugins.psp_sgls import SLUG
from plugins.psp_sgls.models import Series, Topic


async def all_series(db: AsyncSession) -> Sequence[Series]:
    return (await db.scalars(select(Series).order_by(Series.id))).all()


async def topics(db: AsyncSession, viewer: Viewer) -> Sequence[Topic]:
    """Topics proposed in organizations the viewer's roles reach (or their own)."""
    reach = [g.reach(Topic.organization_id) for g in viewer.grants if g.program in (None, SLUG)]
    seen = (
        true()
        if viewer.is_platform_admin
        else or_(Topic.proposed_by_id == viewer.person_id, *reach)
    )
    return (await db.scalars(select(Topic).where(seen).order_by(Topic.id))).all()


async def topics_of_series(db: AsyncSession, ids: Sequence[int]) -> list[list[Topic]]:
    rows = await db.scalars(select(Topic).where(Topic.series_id.in_(ids)).order_by(Topic.id))
    found: dict[int, list[Topic]] = {pk: [] for pk in ids}
    for row in rows:
        found[row.series_id].append(row)  # type: ignore[index]
    return [found[pk] for pk in ids]
