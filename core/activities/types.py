"""GraphQL types of activities and attendance."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from core.activities import repository
from core.activities.models import Activity as ActivityRow
from core.graphql.context import Info
from core.graphql.relay import Node
from core.graphql.rows import FromRow
from core.groups.types import Group, visible_group
from core.people import repository as people
from core.people.types import Organization, Person, organization
from core.repository import visible_by_id


@strawberry.type(description="Something that happens and can earn credit.")
class Activity(Node, FromRow):
    title: str
    kind: str
    program: str
    starts_at: datetime
    ends_at: datetime
    held_on: date = strawberry.field(description="The local date it happened; credits count on it.")
    hours: Decimal
    location: str | None
    organization_id: strawberry.Private[int]
    group_id: strawberry.Private[int | None]

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        return await organization(info, self.organization_id)

    @strawberry.field(description="The group it is held for, if the viewer may see it.")
    async def group(self, info: Info) -> Group | None:
        if self.group_id is None:
            return None
        return await visible_group(info, self.group_id)


async def visible_activity(info: Info, activity_id: int) -> Activity | None:
    """An activity, if the viewer may see it (for the types that name one)."""
    loader = info.context.loaders(visible_by_id, ActivityRow, info.context.viewer)
    row = await loader.load(activity_id)
    return None if row is None else Activity.from_row(row)


@strawberry.type(description="A person's attendance at an activity.")
class Participation(Node, FromRow):
    hours: Decimal
    recorded_at: datetime
    withdrawn_at: datetime | None = strawberry.field(
        description="When it was withdrawn as logged in error; its credits were reversed."
    )
    correction_note: str | None = strawberry.field(
        description="Why it was last corrected or withdrawn."
    )
    person_id: strawberry.Private[int]
    activity_id: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return Person.from_row(await info.context.loaders(people.people_by_id).load(self.person_id))

    @strawberry.field
    async def activity(self, info: Info) -> Activity:
        row = await info.context.loaders(repository.activities_by_id).load(self.activity_id)
        return Activity.from_row(row)
