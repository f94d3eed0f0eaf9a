"""Root query fields of monthly reports and pre-work."""

from __future__ import annotations

from datetime import date

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.learning_collaborative.reports import service
from plugins.learning_collaborative.reports.types import LcOwed


@strawberry.type
class ReportsQuery:
    @strawberry.field(
        description="Months each team has not fully reported up to a day, late or not "
        "(LC-MONTHLY): faculty see every team, others the teams they are on.",
        extensions=requires(SignedIn()),
    )
    async def lc_reports_owed(
        self, info: Info, collaborative_id: strawberry.ID, until: date
    ) -> list[LcOwed]:
        pk, context = decode_id(collaborative_id, "Group"), info.context
        async with context.db.read() as session:
            rows = await service.owed(
                session, context.registry, context.viewer, collaborative_id=pk, until=until
            )
        return [LcOwed.of(row) for row in rows]

    @strawberry.field(
        description="The baselines each team still owes before the first learning session "
        "(LC-PREWORK): faculty see every team, others the teams they are on.",
        extensions=requires(SignedIn()),
    )
    async def lc_prework(self, info: Info, collaborative_id: strawberry.ID) -> list[LcOwed]:
        pk = decode_id(collaborative_id, "Group")
        async with info.context.db.read() as session:
            rows = await service.prework(session, info.context.viewer, collaborative_id=pk)
        return [LcOwed.of(row) for row in rows]
