"""Root query fields of IHI assessment scores and the dashboard."""

from __future__ import annotations

from datetime import date

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.learning_collaborative.assessments import service
from plugins.learning_collaborative.assessments.types import LcDashboard, LcMonthScores


@strawberry.type
class AssessmentsQuery:
    @strawberry.field(
        description="A team's IHI assessment scores by month, faculty's and its own, with the "
        "gap: its people, coach and faculty.",
        extensions=requires(SignedIn()),
    )
    async def lc_assessments(self, info: Info, team_id: strawberry.ID) -> list[LcMonthScores]:
        pk = decode_id(team_id, "Group")
        async with info.context.db.read() as session:
            rows = await service.assessments(session, info.context.viewer, pk)
        return [LcMonthScores.of(row) for row in rows]

    @strawberry.field(
        description="Every team's latest values against targets, late reports and scores "
        "(faculty); a team sees aggregates and its own row.",
        extensions=requires(SignedIn()),
    )
    async def lc_dashboard(
        self, info: Info, collaborative_id: strawberry.ID, today: date
    ) -> LcDashboard:
        pk, context = decode_id(collaborative_id, "Group"), info.context
        async with context.db.read() as session:
            board = await service.dashboard(
                session, context.registry, context.viewer, collaborative_id=pk, today=today
            )
        return LcDashboard.of(board)
