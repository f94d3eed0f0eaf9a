"""Queries of sessions."""

from __future__ import annotations

import strawberry

from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.relay import decode_id
from plugins.psp_sgls.sessions import repository
from plugins.psp_sgls.sessions.types import PspRegistration, PspSession


@strawberry.type
class SessionsQuery:
    @connection(
        PspSession,
        default_first=50,
        description="Sessions whose activity the viewer may see, by series or division.",
    )
    async def psp_sessions(
        self,
        info: Info,
        series_id: strawberry.ID | None = None,
        division_id: strawberry.ID | None = None,
    ) -> Rows[PspSession]:
        info.context.viewer.require_person()
        statement = repository.sessions(
            info.context.viewer,
            decode_id(series_id, "PspSeries") if series_id else None,
            decode_id(division_id, "Organization") if division_id else None,
        )
        return Rows(statement, PspSession.from_row)

    @strawberry.field(
        description="The viewer's own registrations: seats held and places on waitlists."
    )
    async def psp_my_registrations(self, info: Info) -> list[PspRegistration]:
        person = info.context.viewer.require_person()
        async with info.context.db.read() as session:
            found = await repository.registrations_of(session, person)
            lines = await repository.waitlists(session, sorted({r.id for r, _, _ in found}))
        line = dict(zip(sorted({r.id for r, _, _ in found}), lines, strict=True))
        return [
            PspRegistration(
                session=PspSession.from_row(row),
                seated=seated,
                waitlisted=not seated,
                position=None if seated else [e.id for e in line[row.id]].index(waiting) + 1,
            )
            for row, seated, waiting in found
        ]
