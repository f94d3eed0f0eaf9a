"""Root fields reading learner accounts."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import ProgramStaff, requires
from core.graphql.relay import decode_id
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.accounts import service
from plugins.ocfp_practising_well.accounts.types import PwAccountStatus, PwLearner


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The caller's own learner account, if they applied.")
    async def pw_my_account(self, info: Info) -> PwLearner | None:
        async with info.context.db.read() as session:
            learner = await service.my_account(session, info.context.viewer)
        return None if learner is None else PwLearner.from_row(learner)

    @strawberry.field(
        description="Learner accounts of an organization, for its program staff.",
        extensions=requires(ProgramStaff(SLUG)),
    )
    async def pw_learners(
        self,
        info: Info,
        organization_id: strawberry.ID,
        status: PwAccountStatus | None = None,
    ) -> list[PwLearner]:
        organization = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            rows = await service.learners(session, info.context.viewer, organization, status)
        return [PwLearner.from_row(row) for row in rows]
