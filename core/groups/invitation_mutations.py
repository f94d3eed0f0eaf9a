"""Mutations forming groups and inviting people to them by email."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.groups import invitations
from core.groups.hierarchy import Site
from core.groups.types import Group, Invitation, Membership


@strawberry.input
class FormGroupInput:
    organization_id: strawberry.ID = node_id("Organization")
    kind: str = strawberry.field(description="A kind its program lets members form.")
    name: str
    capacity: int | None = strawberry.field(
        default=None, description="Places, the lead's included; default: the kind's most."
    )
    parent_id: strawberry.ID | None = node_id("Group", optional=True)
    practice_name: str | None = None
    practice_location: str | None = None


@strawberry.type
class FormGroupPayload(Payload):
    group: Group | None = None
    membership: Membership | None = strawberry.field(
        default=None, description="The former's place, as the group's lead."
    )


@strawberry.input
class InviteToGroupInput:
    group_id: strawberry.ID = node_id("Group")
    email: str = strawberry.field(description="Anyone's, registered here or not yet.")


@strawberry.input
class InvitationInput:
    invitation_id: strawberry.ID = node_id("Invitation")


@strawberry.type
class InvitationPayload(Payload):
    invitation: Invitation | None = None


@strawberry.type
class AcceptInvitationPayload(Payload):
    invitation: Invitation | None = None
    membership: Membership | None = None


@strawberry.type
class InvitationsMutation:
    @strawberry.mutation(description="Form a group of a member-formed kind and lead it.")
    async def form_group(self, info: Info, input: FormGroupInput) -> FormGroupPayload:
        values, context = decoded(input), info.context
        site = Site(
            values.pop("parent_id"), values.pop("practice_name"), values.pop("practice_location")
        )
        return await mutate(
            info,
            FormGroupPayload,
            lambda s: invitations.form_group(
                s, context.registry, context.viewer, site=site, **values
            ),
            lambda result: {
                "group": Group.from_row(result[0]),
                "membership": Membership.from_row(result[1]),
            },
        )

    @strawberry.mutation(
        description="Invite an email to a member's place; the invitation holds the place "
        "until it is answered or expires."
    )
    async def invite_to_group(self, info: Info, input: InviteToGroupInput) -> InvitationPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            InvitationPayload,
            lambda s: invitations.invite(s, context.registry, context.viewer, **values),
            lambda row: {"invitation": Invitation.from_row(row)},
        )

    @strawberry.mutation(description="Take the place an invitation to you holds.")
    async def accept_invitation(
        self, info: Info, input: InvitationInput
    ) -> AcceptInvitationPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            AcceptInvitationPayload,
            lambda s: invitations.accept(s, context.registry, context.viewer, **values),
            lambda result: {
                "invitation": Invitation.from_row(result[0]),
                "membership": Membership.from_row(result[1]),
            },
        )

    @strawberry.mutation(description="Say no to an invitation to you; its place is free again.")
    async def decline_invitation(self, info: Info, input: InvitationInput) -> InvitationPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            InvitationPayload,
            lambda s: invitations.decline(s, context.registry, context.viewer, **values),
            lambda row: {"invitation": Invitation.from_row(row)},
        )

    @strawberry.mutation(description="Take back an invitation you (or your group) sent.")
    async def withdraw_invitation(self, info: Info, input: InvitationInput) -> InvitationPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            InvitationPayload,
            lambda s: invitations.withdraw(s, context.registry, context.viewer, **values),
            lambda row: {"invitation": Invitation.from_row(row)},
        )
