"""Root fields reading what OCFP still has to report to Mainpro+."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import ProgramStaff, requires
from core.graphql.relay import decode_id
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.reporting import service
from plugins.ocfp_practising_well.reporting.types import PwPendingCredit


@strawberry.type
class ReportingQuery:
    @strawberry.field(
        description="Credits OCFP still has to enter into Mainpro+ for learners who chose "
        "that (PW-REPORTING); mark them reported once entered.",
        extensions=requires(ProgramStaff(SLUG)),
    )
    async def pw_pending_credit_report(
        self, info: Info, organization_id: strawberry.ID
    ) -> list[PwPendingCredit]:
        organization = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            rows = await service.pending_report(session, info.context.viewer, organization)
        return [PwPendingCredit.from_row(row) for row in rows]
