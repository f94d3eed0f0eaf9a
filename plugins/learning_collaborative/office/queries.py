"""Root query fields of monthly calls and the virtual office."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.learning_collaborative.office import service
from plugins.learning_collaborative.office.types import (
    LcMonthlyCall,
    LcOfficeItem,
    LcOfficeItemKind,
)


@strawberry.type
class OfficeQuery:
    @strawberry.field(
        description="A collaborative's monthly calls (LC-CALLS): its teams, coaches, faculty.",
        extensions=requires(SignedIn()),
    )
    async def lc_monthly_calls(
        self, info: Info, collaborative_id: strawberry.ID
    ) -> list[LcMonthlyCall]:
        pk = decode_id(collaborative_id, "Group")
        async with info.context.db.read() as session:
            rows = await service.calls(session, info.context.viewer, pk)
        return [LcMonthlyCall.of(call, activity) for call, activity in rows]

    @strawberry.field(
        description="The virtual office's resources and messages, newest first (LC-OFFICE): "
        "the collaborative's teams, coaches and faculty.",
        extensions=requires(SignedIn()),
    )
    async def lc_office(
        self,
        info: Info,
        collaborative_id: strawberry.ID,
        kind: LcOfficeItemKind | None = None,
    ) -> list[LcOfficeItem]:
        pk = decode_id(collaborative_id, "Group")
        async with info.context.db.read() as session:
            rows = await service.office(session, info.context.viewer, pk, kind)
        return [LcOfficeItem.of(row) for row in rows]
