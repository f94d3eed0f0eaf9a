"""Root query fields of PDSA cycles and run charts."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.learning_collaborative.pdsa import service, spread
from plugins.learning_collaborative.pdsa.types import LcPdsaCycle, LcRunChart, LcSpread


@strawberry.type
class PdsaQuery:
    @strawberry.field(
        description="A team's PDSA cycles (LC-ACTION-PERIOD): its people, coach and faculty.",
        extensions=requires(SignedIn()),
    )
    async def lc_pdsa_cycles(self, info: Info, team_id: strawberry.ID) -> list[LcPdsaCycle]:
        pk = decode_id(team_id, "Group")
        async with info.context.db.read() as session:
            rows = await service.cycles(session, info.context.viewer, pk)
        return [LcPdsaCycle.of(row) for row in rows]

    @strawberry.field(
        description="A team's run chart of a charter measure with median, target, IHI signals "
        "and its PDSA cycles: the team's people, coach and faculty.",
        extensions=requires(SignedIn()),
    )
    async def lc_run_chart(
        self, info: Info, team_id: strawberry.ID, measure_id: strawberry.ID
    ) -> LcRunChart:
        team, measure = decode_id(team_id, "Group"), decode_id(measure_id, "Measure")
        async with info.context.db.read() as session:
            chart = await service.run_chart(session, info.context.viewer, team, measure)
        return LcRunChart.of(chart)

    @strawberry.field(
        description="Where a team's adopted changes spread (LC-SPREAD): its people, coach, "
        "faculty.",
        extensions=requires(SignedIn()),
    )
    async def lc_spread(self, info: Info, team_id: strawberry.ID) -> list[LcSpread]:
        pk = decode_id(team_id, "Group")
        async with info.context.db.read() as session:
            rows = await spread.spread_of_team(session, info.context.viewer, pk)
        return [LcSpread.of(row) for row in rows]
