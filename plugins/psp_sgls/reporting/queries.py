"""Queries of the provincial aggregates and their CSV exports: the staff whose role reaches
the organization."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.relay import decode_id
from plugins.psp_sgls.reporting import service
from plugins.psp_sgls.reporting.types import PspAggregate, PspAggregateRow, PspDivisionTotals


@strawberry.type
class ReportingQuery:
    @strawberry.field(description="Figures per division and series below an organization.")
    async def psp_aggregate(self, info: Info, organization_id: strawberry.ID) -> PspAggregate:
        pk = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            found = await service.aggregate(session, info.context.viewer, organization_id=pk)
        return PspAggregate(
            rows=[PspAggregateRow.of(r) for r in found.rows],
            divisions=[PspDivisionTotals.of(d) for d in found.divisions],
        )

    @strawberry.field(description="The aggregate as CSV, one line per division and series.")
    async def psp_aggregate_csv(self, info: Info, organization_id: strawberry.ID) -> str:
        pk = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            return await service.aggregate_csv(session, info.context.viewer, organization_id=pk)

    @strawberry.field(description="Payments due as CSV: action plan in, not yet paid.")
    async def psp_payments_due_csv(self, info: Info, organization_id: strawberry.ID) -> str:
        pk = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            return await service.payments_due_csv(session, info.context.viewer, organization_id=pk)
