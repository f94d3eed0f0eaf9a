"""Mutations of teams: faculty assign coaches (teams form through core's formGroup)."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.groups.types import Group
from plugins.learning_collaborative.teams import service


@strawberry.input
class LcAssignCoachInput:
    team_id: strawberry.ID = node_id("Group")
    coach_id: strawberry.ID = node_id("Person")


@strawberry.type
class LcAssignCoachPayload(Payload):
    team: Group | None = None


@strawberry.type
class TeamsMutation:
    @strawberry.mutation(description="Give a team its QI coach (LC-COACH; faculty).")
    async def lc_assign_coach(self, info: Info, input: LcAssignCoachInput) -> LcAssignCoachPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            LcAssignCoachPayload,
            lambda s: service.assign_coach(s, context.registry, context.viewer, **values),
            lambda group: {"team": Group.from_row(group)},
        )
