"""Queries of sessions."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.relay import Connection, decode_id, page
from plugins.psp_sgls.sessions import repository
from plugins.psp_sgls.sessions.types import PspSession


@strawberry.type
class SessionsQuery:
    @strawberry.field(
        description="Sessions whose activity the viewer may see, by series or division."
    )
    async def psp_sessions(
        self,
        info: Info,
        series_id: strawberry.ID | None = None,
        division_id: strawberry.ID | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[PspSession]:
        info.context.viewer.require_person()
        statement = repository.sessions(
            info.context.viewer,
            decode_id(series_id, "PspSeries") if series_id else None,
            decode_id(division_id, "Organization") if division_id else None,
        )
        return await page(info, statement, first=first, after=after, build=PspSession.from_row)
