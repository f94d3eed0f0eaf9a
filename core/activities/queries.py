"""Root fields listing activities."""

from __future__ import annotations

import strawberry

from core.activities import repository
from core.activities.types import Activity
from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.relay import decode_id


@strawberry.type
class ActivitiesQuery:
    @connection(Activity, description="Activities, optionally of one group or program.")
    async def activities(
        self,
        info: Info,
        group_id: strawberry.ID | None = None,
        program: str | None = None,
    ) -> Rows[Activity]:
        group = decode_id(group_id, "Group") if group_id else None
        statement = repository.activities(info.context.viewer, group, program)
        return Rows(statement, Activity.from_row)
