"""Mutations creating groups, placing them under others, and taking, leaving and changing
places in them."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id, decoded, node_id
from core.groups import service as groups
from core.groups.hierarchy import set_parent
from core.groups.types import Group, Membership, MembershipRole


@strawberry.input
class CreateGroupInput:
    organization_id: strawberry.ID = node_id("Organization")
    kind: str
    name: str
    capacity: int
    parent_id: strawberry.ID | None = node_id(
        "Group", optional=True, description="The group it belongs to, as its kind requires."
    )
    practice_name: str | None = strawberry.field(
        default=None, description="The practice it represents, when its kind represents one."
    )
    practice_location: str | None = None


@strawberry.type
class CreateGroupPayload(Payload):
    group: Group | None = None


@strawberry.input
class SetGroupParentInput:
    group_id: strawberry.ID = node_id("Group")
    parent_id: strawberry.ID | None = node_id("Group", optional=True)


@strawberry.input
class RoleChange:
    person_id: strawberry.ID = node_id("Person")
    role: MembershipRole


@strawberry.input
class ChangeMemberRolesInput:
    group_id: strawberry.ID = node_id("Group")
    changes: list[RoleChange]


@strawberry.type
class ChangeMemberRolesPayload(Payload):
    memberships: list[Membership] = strawberry.field(default_factory=list)


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

    @strawberry.mutation(
        description="Place a group under another (or none), as its kind allows; never under "
        "its own descendant."
    )
    async def set_group_parent(self, info: Info, input: SetGroupParentInput) -> CreateGroupPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            CreateGroupPayload,
            lambda s: set_parent(s, context.registry, context.viewer, **values),
            lambda row: {"group": Group.from_row(row)},
        )

    @strawberry.mutation(
        description="Change roles of active places in one step (hand a lead on); the group's "
        "composition rules are asked of the result."
    )
    async def change_member_roles(
        self, info: Info, input: ChangeMemberRolesInput
    ) -> ChangeMemberRolesPayload:
        group_id, context = decode_id(input.group_id, "Group"), info.context
        changes = [(decode_id(c.person_id, "Person"), c.role) for c in input.changes]
        return await mutate(
            info,
            ChangeMemberRolesPayload,
            lambda s: groups.change_roles(s, context.registry, context.viewer, group_id, changes),
            lambda rows: {"memberships": [Membership.from_row(m) for m in rows]},
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
