"""Root query fields of learning sessions."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.learning_collaborative.sessions import service
from plugins.learning_collaborative.sessions.types import LcLearningSession


@strawberry.type
class SessionsQuery:
    @strawberry.field(
        description="A collaborative's learning sessions (LC-SESSIONS): for its organization.",
        extensions=requires(SignedIn()),
    )
    async def lc_learning_sessions(
        self, info: Info, collaborative_id: strawberry.ID
    ) -> list[LcLearningSession]:
        pk = decode_id(collaborative_id, "Group")
        async with info.context.db.read() as session:
            rows = await service.sessions(session, info.context.viewer, pk)
        return [LcLearningSession.of(link, activity) for link, activity in rows]
