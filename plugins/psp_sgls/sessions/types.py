"""GraphQL types of sessions and registrations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import strawberry

from core.activities import repository as activities
from core.activities.types import Activity, ActivityWaitlistEntry
from core.graphql.context import Info
from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow


@strawberry.type(
    description="A small group learning session: a core activity with seats, of a series, "
    "with the objectives its division set (SGLS-OBJECTIVES)."
)
class PspSession(Node, FromRow):
    number: int = strawberry.field(
        description="The session's number: the subjectId of its action plans (createPlan)."
    )
    objectives: str
    series_id: strawberry.ID
    division_id: strawberry.ID
    lead_id: strawberry.ID | None
    activity_id: strawberry.Private[int]
    pk: strawberry.Private[int]

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "series_id": lambda row: to_global_id("PspSeries", row.series_id),
        "division_id": lambda row: to_global_id("Organization", row.division_id),
        "lead_id": lambda row: to_global_id("Person", row.lead_id) if row.lead_id else None,
        "number": lambda row: row.id,
    }

    @strawberry.field(description="The core activity: title, times, place, seats, credit.")
    async def activity(self, info: Info) -> Activity:
        row = await info.context.loaders(activities.activities_by_id).load(self.activity_id)
        return Activity.from_row(row)

    @strawberry.field(
        description="Who waits for a seat, in order (core's waitlist of its activity): the "
        "division's staff see everyone, others their own place (SGLS-CAPACITY)."
    )
    async def waitlist(self, info: Info) -> list[ActivityWaitlistEntry]:
        return await (await self.activity(info)).waitlist(info)


@strawberry.type(description="A seat taken, or a place on the waitlist.")
class PspRegistration:
    session: PspSession
    seated: bool
    waitlisted: bool
    position: int | None = strawberry.field(description="Place in the waitlist, from 1.")
