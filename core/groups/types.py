"""GraphQL types of groups and the places in them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types.nodes import SelectedField

from core.graphql.context import Info
from core.graphql.relay import Node
from core.graphql.rows import FromRow
from core.groups import repository
from core.groups.models import Group as GroupRow
from core.groups.models import MembershipRole, MembershipStatus
from core.groups.roster import shown_places
from core.people import repository as people
from core.people.types import Organization, Person, organization
from core.repository import visible_by_id

MembershipRole = strawberry.enum(MembershipRole)
MembershipStatus = strawberry.enum(MembershipStatus)


@strawberry.type(description="A person's place in a group.")
class Membership(FromRow):
    role: MembershipRole
    status: MembershipStatus
    waitlisted_at: datetime | None
    joined_at: datetime | None
    left_at: datetime | None
    person_id: strawberry.Private[int]
    group_id: strawberry.Private[int]
    known_person: strawberry.Private[Person | None] = None
    known_group: strawberry.Private[Group | None] = None

    @strawberry.field
    def person(self, info: Info) -> Person:
        # Not async: a roster builds its people up front, and an async resolver per place
        # costs more than the rest of the place; only a lone place loads its person.
        if self.known_person is not None:
            return self.known_person
        return _load(info, self.person_id)  # type: ignore[return-value]

    @strawberry.field
    def group(self, info: Info) -> Group:
        if self.known_group is not None:
            return self.known_group
        return _load_group(info, self.group_id)  # type: ignore[return-value]


async def _load(info: Info, person_id: int) -> Person:
    return Person.from_row(await info.context.loaders(people.people_by_id).load(person_id))


async def _load_group(info: Info, group_id: int) -> Group:
    """A place's group is shown with the place: whoever sees a place may see its group."""
    return Group.from_row(await info.context.loaders(repository.groups_by_id).load(group_id))


def _selects_person(info: Info) -> bool:
    """Whether the places asked for include their people, through fragments too."""

    def walk(selections: list[Any]) -> bool:
        return any(
            s.name == "person" if isinstance(s, SelectedField) else walk(s.selections)
            for s in selections
        )

    return any(walk(field.selections) for field in info.selected_fields)


@strawberry.type(description="People learning together, with a capacity.")
class Group(Node, FromRow):
    name: str
    kind: str
    program: str
    capacity: int
    pk: strawberry.Private[int]
    organization_id: strawberry.Private[int]

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        return await organization(info, self.organization_id)

    @strawberry.field(description="Active members (facilitators excluded).")
    async def member_count(self, info: Info) -> int:
        return await info.context.loaders(repository.active_counts_by_group).load(self.pk)

    @strawberry.field(description="Places still free.")
    async def places_left(self, info: Info) -> int:
        taken = await info.context.loaders(repository.active_counts_by_group).load(self.pk)
        return max(self.capacity - taken, 0)

    @strawberry.field(
        description="Memberships, optionally of one status; waitlist in order. Staff and the "
        "group's facilitators see everyone; a member sees their own place."
    )
    async def memberships(
        self, info: Info, status: MembershipStatus | None = None
    ) -> list[Membership]:
        loaders = info.context.loaders
        if _selects_person(info):
            places = await loaders(repository.members_by_group).load(self.pk)
        else:
            rows = await loaders(repository.memberships_by_group).load(self.pk)
            places = [(r, None) for r in rows]
        return [
            Membership.from_row(
                m, known_person=Person.from_row(p) if p is not None else None, known_group=self
            )
            for m, p in shown_places(info.context.viewer, self, places, status)
        ]


async def memberships_of(info: Info, person: Person) -> list[Membership]:
    """A person's places in the groups the viewer may see (``Person.memberships``)."""
    loader = info.context.loaders(repository.memberships_in_visible_groups, info.context.viewer)
    return [
        Membership.from_row(m, known_person=person, known_group=Group.from_row(g))
        for m, g in await loader.load(person.pk)
    ]


async def visible_group(info: Info, group_id: int) -> Group | None:
    """A group, if the viewer may see it (for the types that name one)."""
    row = await info.context.loaders(visible_by_id, GroupRow, info.context.viewer).load(group_id)
    return None if row is None else Group.from_row(row)
