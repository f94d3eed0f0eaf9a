"""Root fields reading a learner's goals and answered surveys."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.ocfp_practising_well.goals import service
from plugins.ocfp_practising_well.goals.types import PwGoal, PwProgressReport


@strawberry.type
class GoalsQuery:
    @strawberry.field(
        description="A learner's goals: theirs, their guides' and staff's to see.",
        extensions=requires(SignedIn()),
    )
    async def pw_goals(self, info: Info, learner_id: strawberry.ID) -> list[PwGoal]:
        person = decode_id(learner_id, "Person")
        async with info.context.db.read() as session:
            rows = await service.goals(session, info.context.registry, info.context.viewer, person)
        return [PwGoal.from_row(row) for row in rows]

    @strawberry.field(
        description="A learner's answered progress surveys.", extensions=requires(SignedIn())
    )
    async def pw_progress_reports(
        self, info: Info, learner_id: strawberry.ID
    ) -> list[PwProgressReport]:
        person = decode_id(learner_id, "Person")
        async with info.context.db.read() as session:
            rows = await service.progress_reports(session, info.context.viewer, person)
        return [PwProgressReport.from_row(row) for row in rows]
