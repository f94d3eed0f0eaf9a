"""Root fields listing groups and the viewer's invitations to them."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.relay import PAGE, Connection, decode_id, page
from core.groups import repository
from core.groups.types import Group, Invitation, InvitationState


@strawberry.type
class GroupsQuery:
    @strawberry.field(description="Groups, optionally of one organization or program.")
    async def groups(
        self,
        info: Info,
        first: int = PAGE,
        after: str | None = None,
        organization_id: strawberry.ID | None = None,
        program: str | None = None,
    ) -> Connection[Group]:
        organization = decode_id(organization_id, "Organization") if organization_id else None
        statement = repository.groups(info.context.viewer, organization, program)
        return await page(info, statement, first=first, after=after, build=Group.from_row)

    @strawberry.field(
        description="Invitations to the viewer, also those sent to their email before they "
        "were registered, oldest first; optionally in one state."
    )
    async def my_invitations(
        self,
        info: Info,
        state: InvitationState | None = None,
        first: int = PAGE,
        after: str | None = None,
    ) -> Connection[Invitation]:
        person_id = info.context.viewer.require_person()
        statement = repository.invitations_to(person_id, state.value if state else None)
        return await page(info, statement, first=first, after=after, build=Invitation.from_row)
