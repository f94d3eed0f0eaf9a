"""Root fields reading Peer Connect sessions."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.ocfp_practising_well.sessions import service
from plugins.ocfp_practising_well.sessions.types import PwSession


@strawberry.type
class SessionsQuery:
    @strawberry.field(
        description="A learner's Peer Connect sessions, newest first.",
        extensions=requires(SignedIn()),
    )
    async def pw_sessions(self, info: Info, learner_id: strawberry.ID) -> list[PwSession]:
        person = decode_id(learner_id, "Person")
        async with info.context.db.read() as session:
            rows = await service.sessions(session, info.context.viewer, person)
        return [PwSession.from_row(row) for row in rows]
