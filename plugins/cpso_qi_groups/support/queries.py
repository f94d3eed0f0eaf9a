"""Queries of support requests."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.cpso_qi_groups.support import service
from plugins.cpso_qi_groups.support.types import QigSupportRequest


@strawberry.type
class SupportQuery:
    @strawberry.field(
        description="A group's support requests and answers: its members and CPSO staff.",
        extensions=requires(SignedIn()),
    )
    async def qig_support_requests(
        self, info: Info, group_id: strawberry.ID
    ) -> list[QigSupportRequest]:
        group = decode_id(group_id, "Group")
        async with info.context.db.read() as session:
            rows = await service.requests(session, info.context.viewer, group_id=group)
        return [QigSupportRequest.from_row(r) for r in rows]
