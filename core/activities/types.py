"""GraphQL types of activities and attendance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import strawberry

from core.activities import repository
from core.activities.models import Activity as ActivityRow
from core.graphql.context import Context, Info
from core.graphql.relay import Node
from core.graphql.rows import FromRow
from core.groups.types import Group, visible_group
from core.people import repository as people
from core.people.types import Organization, Person, organization
from core.repository import visible_by_id


@strawberry.type(
    description="A day or block of an activity, with its own times and the hours it credits."
)
class ActivityPart(Node, FromRow):
    title: str
    starts_at: datetime
    ends_at: datetime
    hours: Decimal = strawberry.field(description="Hours credited for attending this part.")


@strawberry.type(description="Something that happens and can earn credit.")
class Activity(Node, FromRow):
    title: str
    kind: str
    program: str
    starts_at: datetime
    ends_at: datetime
    held_on: date = strawberry.field(description="The local date it happened; credits count on it.")
    hours: Decimal = strawberry.field(
        description="Hours it credits: its length, or the sum of its parts' hours."
    )
    location: str | None
    capacity: int | None = strawberry.field(
        description="Seats, when they belong to the activity rather than a group."
    )
    organization_id: strawberry.Private[int]
    group_id: strawberry.Private[int | None]
    pk: strawberry.Private[int]

    @strawberry.field(description="The days or blocks it is held in, in order; none if one.")
    async def parts(self, info: Info) -> list[ActivityPart]:
        rows = await info.context.loaders(repository.parts_of_activities).load(self.pk)
        return [ActivityPart.from_row(row) for row in rows]

    @strawberry.field(description="Places held: seats registered and attendance recorded.")
    async def seats_taken(self, info: Info) -> int:
        return await info.context.loaders(repository.places_taken_by_activity).load(self.pk)

    @strawberry.field(description="Seats still free; null when it has no capacity.")
    async def seats_left(self, info: Info) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - await self.seats_taken(info), 0)

    @strawberry.field(
        description="Who registered: everyone for its program's staff, else your own seat."
    )
    async def registrations(self, info: Info) -> list[ActivitySeat]:
        rows = await info.context.loaders(repository.seats_of_activities).load(self.pk)
        viewer = info.context.viewer
        staff = viewer.is_staff(self.organization_id, self.program)
        return [
            ActivitySeat.from_row(row) for row in rows if staff or row.person_id == viewer.person_id
        ]

    @strawberry.field(
        description="Who waits for a seat, in order: everyone for its program's staff, else "
        "your own place (with its position)."
    )
    async def waitlist(self, info: Info) -> list[ActivityWaitlistEntry]:
        rows = await info.context.loaders(repository.waitlists).load(self.pk)
        viewer = info.context.viewer
        staff = viewer.is_staff(self.organization_id, self.program)
        return [
            ActivityWaitlistEntry.from_row(row, position=at)
            for at, row in enumerate(rows, start=1)
            if staff or row.person_id == viewer.person_id
        ]

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        return await organization(info, self.organization_id)

    @strawberry.field(description="The group it is held for, if the viewer may see it.")
    async def group(self, info: Info) -> Group | None:
        if self.group_id is None:
            return None
        return await visible_group(info, self.group_id)


async def part_nodes(context: Context, ids: Sequence[int]) -> list[ActivityPart | None]:
    """``node(id:)`` for parts: shown to whoever sees their activity."""
    parts = await context.loaders(repository.parts_by_id).load_many(list(ids))
    seen = context.loaders(visible_by_id, ActivityRow, context.viewer)
    activities = await seen.load_many([part.activity_id for part in parts if part is not None])
    visible = {row.id for row in activities if row is not None}
    return [
        ActivityPart.from_row(part) if part is not None and part.activity_id in visible else None
        for part in parts
    ]


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
    pk: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return Person.from_row(await info.context.loaders(people.people_by_id).load(self.person_id))

    @strawberry.field
    async def activity(self, info: Info) -> Activity:
        row = await info.context.loaders(repository.activities_by_id).load(self.activity_id)
        return Activity.from_row(row)

    @strawberry.field(description="The parts attended, when the activity is held in parts.")
    async def parts(self, info: Info) -> list[ActivityPart]:
        rows = await info.context.loaders(repository.parts_attended).load(self.pk)
        return [ActivityPart.from_row(row) for row in rows]


@strawberry.type
class _AtActivity(FromRow):
    """A person's seat or place in line at an activity: both name the person and the
    activity."""

    person_id: strawberry.Private[int]
    activity_id: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return Person.from_row(await info.context.loaders(people.people_by_id).load(self.person_id))

    @strawberry.field(description="The activity, with the seats it has left.")
    async def activity(self, info: Info) -> Activity:
        row = await info.context.loaders(repository.activities_by_id).load(self.activity_id)
        return Activity.from_row(row)


@strawberry.type(description="A person's seat at an activity whose seats belong to it.")
class ActivitySeat(_AtActivity):
    registered_at: datetime
    cancelled_at: datetime | None = strawberry.field(
        description="When the seat was freed; registering again takes one anew."
    )


@strawberry.type(description="A person's place in line for a seat at a full activity.")
class ActivityWaitlistEntry(_AtActivity):
    waitlisted_at: datetime = strawberry.field(description="When they joined (or joined again).")
    promoted_at: datetime | None = strawberry.field(
        description="When a freed seat was given to them; they hold it since."
    )
    left_at: datetime | None = strawberry.field(description="When they left the line.")
    position: int | None = strawberry.field(
        default=None, description="Place in line from 1, while still waiting."
    )
