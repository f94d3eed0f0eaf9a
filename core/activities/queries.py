"""Root fields listing activities."""

from __future__ import annotations

import strawberry

from core.activities import repository
from core.activities.types import Activity
from core.graphql.context import Info
from core.graphql.relay import PAGE, Connection, decode_id, page


@strawberry.type
class ActivitiesQuery:
    @strawberry.field(description="Activities, optionally of one group or program.")
    async def activities(
        self,
        info: Info,
        first: int = PAGE,
        after: str | None = None,
        group_id: strawberry.ID | None = None,
        program: str | None = None,
    ) -> Connection[Activity]:
        group = decode_id(group_id, "Group") if group_id else None
        statement = repository.activities(info.context.viewer, group, program)
        return await page(info, statement, first=first, after=after, build=Activity.from_row)
