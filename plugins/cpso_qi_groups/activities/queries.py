"""Queries of individual activities."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.cpso_qi_groups.activities import service
from plugins.cpso_qi_groups.activities.types import QigActivityRecord


@strawberry.type
class ActivitiesQuery:
    @strawberry.field(
        description="A member's individual activities with their answers: the member's own, "
        "or any member's for CPSO staff (QIG-INDIVIDUAL).",
        extensions=requires(SignedIn()),
    )
    async def qig_activity_records(
        self, info: Info, group_id: strawberry.ID, person_id: strawberry.ID
    ) -> list[QigActivityRecord]:
        group, person = decode_id(group_id, "Group"), decode_id(person_id, "Person")
        async with info.context.db.read() as session:
            rows = await service.records(
                session, info.context.viewer, group_id=group, person_id=person
            )
        return [QigActivityRecord.from_row(r) for r in rows]
