"""GraphQL types of groups and the places in them."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar

import strawberry

from core.db import utcnow
from core.graphql.connections import (
    Listing,
    PerParent,
    connection,
)
from core.graphql.context import Context, Info
from core.graphql.plans import batched
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

# Group is declared below the types that name it.
GROUP = Annotated["Group", strawberry.lazy("core.groups.types")]

strawberry.enum(MembershipRole)
strawberry.enum(MembershipStatus)


T = TypeVar("T")


async def _known_or_read(
    info: Info,
    pairs: Sequence[tuple[Any | None, int]],
    batch: Callable[..., Awaitable[Sequence[Any]]],
    build: Callable[[Any], T],
) -> list[T]:
    """Each parent's related object, from (the object built with the parent or None, its
    key): those built as they are, the others read by key in one call for a whole level."""
    ids = sorted({key for known, key in pairs if known is None})
    loaded = {row.id: build(row) for row in await info.context.loaders(batch).load_many(ids)}
    return [loaded[key] if known is None else known for known, key in pairs]


async def _people(info: Info, places: Sequence[Membership]) -> list[Person]:
    """Each place's person."""
    pairs = [(m.known_person, m.person_id) for m in places]
    return await _known_or_read(info, pairs, people.people_by_id, Person.from_row)


async def _groups(info: Info, places: Sequence[Any]) -> list[Group]:
    """Each place's (or invitation's) group: whoever sees a place or an invitation may see
    its group."""
    pairs = [(m.known_group, m.group_id) for m in places]
    return await _known_or_read(info, pairs, repository.groups_by_id, Group.from_row)


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

    person = batched(
        _people,
        graphql_type=Person,
        description="Who holds the place.",
    )
    group = batched(_groups, graphql_type=GROUP, description="The group the place is in.")


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
        return PerParent(
            repository.roster_pages,
            (info.context.viewer, status),
            self.pk,
            repository.roster_order(status),
            lambda m: Membership.from_row(m, known_group=self),
        )


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

    group = batched(
        _groups,
        graphql_type=GROUP,
        description="The group invited to: whoever sees an invitation sees it.",
    )


async def invitation_nodes(context: Context, ids: Sequence[int]) -> list[Invitation | None]:
    """``node(id:)`` for invitations, by the same visibility as the services'."""
    loader = context.loaders(repository.visible_invitations_by_id, context.viewer)
    rows = await loader.load_many(list(ids))
    return [None if row is None else Invitation.from_row(row) for row in rows]
