"""Root fields listing groups and the viewer's invitations to them."""

from __future__ import annotations

import strawberry

from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.relay import decode_id
from core.groups import repository
from core.groups.types import Group, Invitation, InvitationState


@strawberry.type
class GroupsQuery:
    @connection(Group, description="Groups, optionally of one organization or program.")
    async def groups(
        self,
        info: Info,
        organization_id: strawberry.ID | None = None,
        program: str | None = None,
    ) -> Rows[Group]:
        organization = decode_id(organization_id, "Organization") if organization_id else None
        statement = repository.groups(info.context.viewer, organization, program)
        return Rows(statement, Group.from_row)

    @connection(
        Invitation,
        description="Invitations to the viewer, also those sent to their email before they "
        "were registered, oldest first; optionally in one state.",
    )
    async def my_invitations(
        self,
        info: Info,
        state: InvitationState | None = None,
    ) -> Rows[Invitation]:
        person_id = info.context.viewer.require_person()
        statement = repository.invitations_to(person_id, state.value if state else None)
        return Rows(statement, Invitation.from_row)
