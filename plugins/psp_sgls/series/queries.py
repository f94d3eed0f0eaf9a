"""Queries of series and topics."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from plugins.psp_sgls.series import service
from plugins.psp_sgls.series.types import PspSeries, PspTopic


@strawberry.type
class SeriesQuery:
    @strawberry.field(description="Every series offered: for anyone signed in.")
    async def psp_series(self, info: Info) -> list[PspSeries]:
        async with info.context.db.read() as session:
            rows = await service.visible_series(session, info.context.viewer)
        return [PspSeries.from_row(r) for r in rows]

    @strawberry.field(description="Topics proposed where the viewer's roles reach, or by them.")
    async def psp_topics(self, info: Info) -> list[PspTopic]:
        async with info.context.db.read() as session:
            rows = await service.visible_topics(session, info.context.viewer)
        return [PspTopic.from_row(r) for r in rows]
