"""Root query fields of the charter."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.learning_collaborative.charter import service
from plugins.learning_collaborative.charter.types import (
    LcCharter,
    LcCollaborative,
    collaborative_of,
)


@strawberry.type
class CharterQuery:
    @strawberry.field(
        description="An organization's collaboratives: for those holding a role there.",
        extensions=requires(SignedIn()),
    )
    async def lc_collaboratives(
        self, info: Info, organization_id: strawberry.ID
    ) -> list[LcCollaborative]:
        organization = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            rows = await service.collaboratives(session, info.context.viewer, organization)
        return [collaborative_of(row, group) for row, group in rows]

    @strawberry.field(
        description="A collaborative's charter (LC-CHARTER): for those of its organization.",
        extensions=requires(SignedIn()),
    )
    async def lc_charter(self, info: Info, collaborative_id: strawberry.ID) -> LcCharter:
        pk = decode_id(collaborative_id, "Group")
        async with info.context.db.read() as session:
            charter = await service.charter(session, info.context.viewer, pk)
        return LcCharter.of(charter)
