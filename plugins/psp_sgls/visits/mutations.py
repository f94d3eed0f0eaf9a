"""Mutations and queries of support visits."""

from __future__ import annotations

from datetime import date

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id, decoded, node_id
from plugins.psp_sgls.visits import service
from plugins.psp_sgls.visits.types import PspVisit


@strawberry.input
class PspLogVisitInput:
    session_id: strawberry.ID = node_id("PspSession")
    plan_id: strawberry.ID = node_id("Plan")
    practice: str
    visited_on: date
    notes: str = ""


@strawberry.type
class PspVisitPayload(Payload):
    visit: PspVisit | None = None


@strawberry.type
class VisitsMutation:
    @strawberry.mutation(
        description="Log an in-practice support visit against an action plan: the division's "
        "coordinators and peer mentors (SGLS-VISITS)."
    )
    async def psp_log_visit(self, info: Info, input: PspLogVisitInput) -> PspVisitPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            PspVisitPayload,
            lambda s: service.log_visit(s, viewer, **values),
            lambda row: {"visit": PspVisit.from_row(row)},
        )


@strawberry.type
class VisitsQuery:
    @strawberry.field(
        description="A session's support visits: all for its supporters, a physician's own."
    )
    async def psp_visits(self, info: Info, session_id: strawberry.ID) -> list[PspVisit]:
        pk = decode_id(session_id, "PspSession")
        async with info.context.db.read() as session:
            rows = await service.visits(session, info.context.viewer, session_id=pk)
        return [PspVisit.from_row(r) for r in rows]
