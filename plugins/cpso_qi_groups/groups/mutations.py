"""Mutations of selections and QI groups. Invitations are core's (inviteToGroup,
acceptInvitation, declineInvitation, withdrawInvitation)."""

from __future__ import annotations

from typing import Any

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id, decoded, node_id
from core.groups.types import Group, Membership
from plugins.cpso_qi_groups.groups import service
from plugins.cpso_qi_groups.groups.types import QigBasis, QigSelection


@strawberry.input
class QigSelectMembersInput:
    organization_id: strawberry.ID = node_id("Organization")
    cycle: str
    person_ids: list[strawberry.ID]


@strawberry.type
class QigSelectionsPayload(Payload):
    selections: list[QigSelection] = strawberry.field(default_factory=list)


@strawberry.input
class QigFormGroupInput:
    organization_id: strawberry.ID = node_id("Organization")
    name: str
    basis: QigBasis
    description: str = ""


@strawberry.type
class QigFormGroupPayload(Payload):
    group: Group | None = None


@strawberry.input
class QigLeaveGroupInput:
    group_id: strawberry.ID = node_id("Group")


@strawberry.type
class QigLeaveGroupPayload(Payload):
    membership: Membership | None = None


@strawberry.type
class GroupsMutation:
    @strawberry.mutation(
        description='Record whom CPSO invited to "QI for Individuals" in a cycle: CPSO staff.',
        extensions=requires(SignedIn()),
    )
    async def qig_select_members(
        self, info: Info, input: QigSelectMembersInput
    ) -> QigSelectionsPayload:
        values, viewer = decoded(input), info.context.viewer
        values["person_ids"] = [decode_id(p, "Person") for p in values["person_ids"]]
        return await mutate(
            info,
            QigSelectionsPayload,
            lambda s: service.select_members(s, viewer, **values),
            lambda rows: {"selections": [QigSelection.from_row(r) for r in rows]},
        )

    @strawberry.mutation(
        description="Form a QI Group on a stated basis and lead it (QIG-FORM, QIG-BASIS); "
        "invite up to six peers with inviteToGroup (QIG-SIZE).",
        extensions=requires(SignedIn()),
    )
    async def qig_form_group(self, info: Info, input: QigFormGroupInput) -> QigFormGroupPayload:
        values, c = decoded(input), info.context
        return await mutate(
            info,
            QigFormGroupPayload,
            lambda s: service.form_group(s, c.registry, c.viewer, **values),
            _formed,
        )

    @strawberry.mutation(
        description="Leave your QI group before its PIP is submitted (QIG-PIP).",
        extensions=requires(SignedIn()),
    )
    async def qig_leave_group(self, info: Info, input: QigLeaveGroupInput) -> QigLeaveGroupPayload:
        values, c = decoded(input), info.context
        return await mutate(
            info,
            QigLeaveGroupPayload,
            lambda s: service.leave_group(s, c.registry, c.viewer, **values),
            lambda row: {"membership": Membership.from_row(row)},
        )


def _formed(pair: Any) -> dict[str, Any]:
    group, _ = pair
    return {"group": Group.from_row(group)}
