"""Mutations of IHI assessment scores."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from plugins.learning_collaborative.assessments import service
from plugins.learning_collaborative.assessments.types import LcAssessor


@strawberry.input
class LcAssessTeamInput:
    team_id: strawberry.ID = node_id("Group")
    month: date
    assessor: LcAssessor
    score: Decimal = strawberry.field(description="0.5 to 5.0 in half points.")


@strawberry.type
class LcAssessTeamPayload(Payload):
    score: Decimal | None = None


@strawberry.type
class AssessmentsMutation:
    @strawberry.mutation(
        description="Score a team's month on the IHI assessment scale: faculty as FACULTY, the "
        "team's people as TEAM; once each."
    )
    async def lc_assess_team(self, info: Info, input: LcAssessTeamInput) -> LcAssessTeamPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            LcAssessTeamPayload,
            lambda s: service.assess(s, viewer, **values),
            lambda row: {"score": row.score},
        )
