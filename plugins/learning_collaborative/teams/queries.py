"""Root query fields of teams."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.learning_collaborative.teams import service
from plugins.learning_collaborative.teams.types import LcTeam


@strawberry.type
class TeamsQuery:
    @strawberry.field(
        description="A collaborative's teams with coach and composition (LC-TEAM, LC-COACH).",
        extensions=requires(SignedIn()),
    )
    async def lc_teams(self, info: Info, collaborative_id: strawberry.ID) -> list[LcTeam]:
        pk = decode_id(collaborative_id, "Group")
        context = info.context
        async with context.db.read() as session:
            rows = await service.teams(session, context.registry, context.viewer, pk)
        return [LcTeam.of(row) for row in rows]
