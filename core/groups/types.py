"""GraphQL types of groups and the places in them."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types.nodes import SelectedField

from core.db import utcnow
from core.graphql.connections import (
    Connection,
    Listing,
    PerParent,
    Window,
    connection,
    connection_of,
)
from core.graphql.context import Context, Info
from core.graphql.relay import Node
from core.graphql.rows import FromRow
from core.groups import repository
from core.groups.capacity import group_kind
from core.groups.composition import gaps
from core.groups.models import Group as GroupRow
from core.groups.models import InvitationStatus, MembershipRole, MembershipStatus
from core.people import repository as people
from core.people.types import Organization, Person, organization
from core.repository import visible_by_id

strawberry.enum(MembershipRole)
strawberry.enum(MembershipStatus)


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
            (isinstance(s, SelectedField) and s.name == "person") or walk(s.selections)
            for s in selections
        )

    return any(walk(field.selections) for field in info.selected_fields)


@dataclass(frozen=True)
class _Roster:
    """A group's places as a connection: every shown group's page in one statement and, when
    the query shows the people, every place's person in one more, built up front (a roster's
    hot path: an async resolver per place costs more than the rest of the place)."""

    group: Group
    status: MembershipStatus | None
    with_people: bool

    async def page(self, info: Info, window: Window) -> Connection[Membership]:
        order = repository.roster_order(self.status)
        loaders, viewer = info.context.loaders, info.context.viewer
        loader = loaders(repository.roster_pages, viewer, self.status, window.slice(order))
        found = await loader.load(self.group.pk)
        known: dict[int, Person] = {}
        if self.with_people:
            ids = sorted({m.person_id for m in found.rows})
            rows = await loaders(people.people_by_id).load_many(ids)
            known = {row.id: Person.from_row(row) for row in rows}
        return connection_of(
            found,
            order,
            lambda m: Membership.from_row(
                m, known_person=known.get(m.person_id), known_group=self.group
            ),
        )


@strawberry.type(description="A rule of the group's kind its active places do not meet.")
class CompositionGap:
    code: str = strawberry.field(description="e.g. CORE-GROUP-COMPOSITION-PROFESSIONS.")
    message: str


@strawberry.type(description="How a group's active places stand against its kind's rules.")
class GroupComposition:
    complete: bool = strawberry.field(description="Every composition rule is met.")
    missing: list[CompositionGap]


@strawberry.type(description="People learning together, with a capacity.")
class Group(Node, FromRow):
    name: str
    kind: str
    program: str
    capacity: int
    practice_name: str | None = strawberry.field(
        description="The practice (a named site) the group represents, if any."
    )
    practice_location: str | None
    pk: strawberry.Private[int]
    organization_id: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        return await organization(info, self.organization_id)

    @strawberry.field(description="Active members (facilitators excluded).")
    async def member_count(self, info: Info) -> int:
        return await info.context.loaders(repository.active_counts_by_group).load(self.pk)

    @strawberry.field(
        description="Places still free: not held by a member, a lead or an open invitation."
    )
    async def places_left(self, info: Info) -> int:
        taken = await info.context.loaders(repository.active_counts_by_group).load(self.pk)
        promised = await info.context.loaders(repository.promised_counts_by_group).load(self.pk)
        return max(self.capacity - taken - promised, 0)

    @strawberry.field(description="The group this one belongs to (a team's collaborative).")
    async def parent(self, info: Info) -> Group | None:
        return None if self.parent_id is None else await visible_group(info, self.parent_id)

    @strawberry.field(description="Groups belonging to this one that the viewer may see.")
    async def children(self, info: Info) -> list[Group]:
        loader = info.context.loaders(repository.visible_children, info.context.viewer)
        return [Group.from_row(row) for row in await loader.load(self.pk)]

    @strawberry.field(
        description="Whether the active places meet the kind's composition rules, and what is "
        "missing if not."
    )
    async def composition(self, info: Info) -> GroupComposition:
        places = await info.context.loaders(repository.places_by_group).load(self.pk)
        kind = group_kind(info.context.registry, self)  # type: ignore[arg-type]
        missing = [CompositionGap(code=r.code, message=r.message) for r in gaps(kind, places)]
        return GroupComposition(complete=not missing, missing=missing)

    @strawberry.field(
        description="Invitations to the group, oldest first: its leads and its program's "
        "staff see them; anyone else sees none."
    )
    async def invitations(self, info: Info) -> list[Invitation]:
        viewer = info.context.viewer
        if not viewer.is_staff(self.organization_id, self.program):
            places = await info.context.loaders(repository.memberships_by_group).load(self.pk)
            if not any(
                m.person_id == viewer.person_id
                and m.role == MembershipRole.LEAD
                and m.status == MembershipStatus.ACTIVE
                for m in places
            ):
                return []
        rows = await info.context.loaders(repository.invitations_by_group).load(self.pk)
        return [Invitation.from_row(row, known_group=self) for row in rows]

    @connection(
        Membership,
        description="Memberships, optionally of one status, oldest first; a waitlist first "
        "come, first served. Staff and the group's facilitators and leads see everyone; a "
        "member sees their own place.",
    )
    async def memberships(
        self,
        info: Info,
        status: MembershipStatus | None = None,
    ) -> Listing[Membership]:
        return _Roster(self, status, _selects_person(info))


def memberships_of(info: Info, person: Person) -> PerParent[Membership]:
    """A person's places in the groups the viewer may see (``Person.memberships``)."""
    return PerParent(
        repository.membership_pages,
        (info.context.viewer,),
        person.pk,
        repository.OLDEST_FIRST,
        lambda m: Membership.from_row(m, known_person=person),
    )


async def visible_group(info: Info, group_id: int) -> Group | None:
    """A group, if the viewer may see it (for the types that name one)."""
    row = await info.context.loaders(visible_by_id, GroupRow, info.context.viewer).load(group_id)
    return None if row is None else Group.from_row(row)


@strawberry.enum(description="Where an invitation stands; EXPIRED is read from the clock.")
class InvitationState(enum.Enum):
    PENDING = "pending"
    EXPIRED = "expired"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


def invitation_state(row: Any) -> InvitationState:
    if row.status == InvitationStatus.PENDING and row.expires_at <= utcnow():
        return InvitationState.EXPIRED
    return InvitationState(InvitationStatus(row.status).value)


@strawberry.type(description="An invitation by email to a member's place in a group.")
class Invitation(Node, FromRow):
    COMPUTED = {"state": invitation_state}

    email: str
    state: InvitationState
    created_at: datetime
    expires_at: datetime
    responded_at: datetime | None
    group_id: strawberry.Private[int]
    known_group: strawberry.Private[Group | None] = None

    @strawberry.field(description="The group invited to: whoever sees an invitation sees it.")
    def group(self, info: Info) -> Group:
        if self.known_group is not None:
            return self.known_group
        return _load_group(info, self.group_id)  # type: ignore[return-value]


async def invitation_nodes(context: Context, ids: Sequence[int]) -> list[Invitation | None]:
    """``node(id:)`` for invitations, by the same visibility as the services'."""
    loader = context.loaders(repository.visible_invitations_by_id, context.viewer)
    rows = await loader.load_many(list(ids))
    return [None if row is None else Invitation.from_row(row) for row in rows]
