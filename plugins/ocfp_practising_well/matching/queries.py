"""Root fields reading the Peer Guide directory and guide requests."""

from __future__ import annotations

import strawberry

from core.catalog.types import Decision
from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.ocfp_practising_well.accounts.types import PwTopic
from plugins.ocfp_practising_well.matching import service
from plugins.ocfp_practising_well.matching.types import (
    PwDirectory,
    PwGuide,
    PwRequest,
    PwRequestStatus,
)


@strawberry.type
class MatchingQuery:
    @strawberry.field(
        description="The Peer Guide directory (PW-DIRECTORY): open to approved learners, "
        "guides and staff; `decision` says why it is closed to anyone else.",
        extensions=requires(SignedIn()),
    )
    async def pw_guide_directory(
        self,
        info: Info,
        organization_id: strawberry.ID,
        topic: PwTopic | None = None,
        available_only: bool = False,
    ) -> PwDirectory:
        organization, context = decode_id(organization_id, "Organization"), info.context
        async with context.db.read() as session:
            decision, guides = await service.directory(
                session, context.registry, context.viewer, organization, topic, available_only
            )
        return PwDirectory(
            decision=Decision.from_value(decision), guides=[PwGuide.from_row(g) for g in guides]
        )

    @strawberry.field(
        description="Guide requests: staff see their organization's, a learner their own, a "
        "guide those naming them.",
        extensions=requires(SignedIn()),
    )
    async def pw_requests(
        self,
        info: Info,
        organization_id: strawberry.ID,
        status: PwRequestStatus | None = None,
    ) -> list[PwRequest]:
        organization = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            rows = await service.requests(session, info.context.viewer, organization, status)
        return [PwRequest.from_row(row) for row in rows]
