"""Queries of selections and groups' progress."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import ProgramStaff, SignedIn, requires
from core.graphql.relay import decode_id
from plugins.cpso_qi_groups import SLUG
from plugins.cpso_qi_groups.groups import overview, service
from plugins.cpso_qi_groups.groups.types import QigGroupProgress, QigSelection


@strawberry.type
class GroupsQuery:
    @strawberry.field(
        description='Whom CPSO invited to "QI for Individuals" in a cycle: CPSO staff.',
        extensions=requires(ProgramStaff(SLUG)),
    )
    async def qig_selections(
        self, info: Info, organization_id: strawberry.ID, cycle: str
    ) -> list[QigSelection]:
        organization = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            rows = await service.selections(session, info.context.viewer, organization, cycle)
        return [QigSelection.from_row(r) for r in rows]

    @strawberry.field(
        description="A QI group's progress (who completed what, never answers): its members "
        "and CPSO staff.",
        extensions=requires(SignedIn()),
    )
    async def qig_group_progress(self, info: Info, group_id: strawberry.ID) -> QigGroupProgress:
        group = decode_id(group_id, "Group")
        async with info.context.db.read() as session:
            found = await overview.progress(session, info.context.viewer, group_id=group)
        return QigGroupProgress.of(found)

    @strawberry.field(
        description="Every QI group of the organization with its progress: CPSO staff.",
        extensions=requires(ProgramStaff(SLUG)),
    )
    async def qig_groups(
        self, info: Info, organization_id: strawberry.ID
    ) -> list[QigGroupProgress]:
        organization = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            found = await overview.overview(
                session, info.context.viewer, organization_id=organization
            )
        return [QigGroupProgress.of(g) for g in found]
