"""Root fields reading measures and run charts."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from core.measures import service
from core.measures.types import Measure, RunChart


@strawberry.type
class MeasuresQuery:
    @strawberry.field(
        description="A program's measures in an organization: for those holding a role there.",
        extensions=requires(SignedIn()),
    )
    async def measures(
        self, info: Info, program: str, organization_id: strawberry.ID
    ) -> list[Measure]:
        organization = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            rows = await service.measures(session, info.context.viewer, organization, program)
        return [Measure.from_row(r) for r in rows]

    @strawberry.field(
        description="A group's run chart of a measure: for its active people and program staff.",
        extensions=requires(SignedIn()),
    )
    async def run_chart(
        self, info: Info, group_id: strawberry.ID, measure_id: strawberry.ID
    ) -> RunChart:
        group, measure = decode_id(group_id, "Group"), decode_id(measure_id, "Measure")
        async with info.context.db.read() as session:
            chart = await service.run_chart(session, info.context.viewer, group, measure)
        return RunChart.of(chart)
