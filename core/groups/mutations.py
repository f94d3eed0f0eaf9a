"""Mutations creating groups and taking and leaving places in them."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.groups import service as groups
from core.groups.types import Group, Membership, MembershipRole


@strawberry.input
class CreateGroupInput:
    organization_id: strawberry.ID = node_id("Organization")
    kind: str
    name: str
    capacity: int


@strawberry.type
class CreateGroupPayload(Payload):
    group: Group | None = None


@strawberry.input
class JoinGroupInput:
    group_id: strawberry.ID = node_id("Group")
    person_id: strawberry.ID = node_id("Person")
    role: MembershipRole = MembershipRole.MEMBER
    waitlist: bool | None = strawberry.field(
        default=None, description="Take a waitlist place if full; default: the group kind's rule."
    )


@strawberry.type
class JoinGroupPayload(Payload):
    membership: Membership | None = None


@strawberry.input
class LeaveGroupInput:
    group_id: strawberry.ID = node_id("Group")
    person_id: strawberry.ID = node_id("Person")


@strawberry.type
class LeaveGroupPayload(Payload):
    membership: Membership | None = None
    promoted: list[Membership] = strawberry.field(
        default_factory=list, description="Waitlisted people moved into the freed places."
    )


@strawberry.type
class GroupsMutation:
    @strawberry.mutation
    async def create_group(self, info: Info, input: CreateGroupInput) -> CreateGroupPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            CreateGroupPayload,
            lambda s: groups.create_group(s, context.registry, context.viewer, **values),
            lambda row: {"group": Group.from_row(row)},
        )

    @strawberry.mutation(description="Take a place in a group, bounded by its capacity.")
    async def join_group(self, info: Info, input: JoinGroupInput) -> JoinGroupPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            JoinGroupPayload,
            lambda s: groups.join(s, context.registry, context.viewer, **values),
            lambda row: {"membership": Membership.from_row(row)},
        )

    @strawberry.mutation(description="End a place; the waitlist moves up, first come first served.")
    async def leave_group(self, info: Info, input: LeaveGroupInput) -> LeaveGroupPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            LeaveGroupPayload,
            lambda s: groups.leave_and_show(s, context.registry, context.viewer, **values),
            lambda result: {
                "membership": Membership.from_row(result[0]),
                "promoted": [Membership.from_row(m) for m in result[1]],
            },
        )
