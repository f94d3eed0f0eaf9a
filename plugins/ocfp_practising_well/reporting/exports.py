"""The report to OCFP as a spreadsheet: the credits OCFP still has to enter into Mainpro+
(PW-REPORTING), the rows ``pwPendingCreditReport`` lists, for the same staff."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.db import utcnow
from core.exports import parameters, stream
from core.graphql.relay import to_global_id
from core.programs import ExportSpec
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.accounts.service import require_program_staff
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.reporting import repository

ORGANIZATION = "organizationId"


async def _organization(session: AsyncSession, viewer: Viewer, params: Mapping[str, str]) -> int:
    organization_id = parameters.node(params, ORGANIZATION, "Organization")
    require_program_staff(viewer, organization_id)
    return organization_id


async def _pending(session: AsyncSession, organization_id: int) -> AsyncIterator[Sequence[object]]:
    """Held back while a learner's progress survey is overdue (PW-PROGRESS), as on screen."""
    async for row in stream(session, repository.pending(organization_id, utcnow().date())):
        yield (
            to_global_id("CreditEntry", row.id),
            f"{row.given_name} {row.family_name}",
            row.licence_number,
            row.earned_on,
            row.scope,
            row.amount,
            row.credit_type,
        )


PENDING_REPORT = ExportSpec(
    name=f"{SLUG}.pending-report",
    title=lambda: _("Credits OCFP still has to enter into Mainpro+ (PW-REPORTING)"),
    columns=(
        "credit_entry_id",
        "learner_name",
        "licence_number",
        "earned_on",
        "activity_kind",
        "credits",
        "credit_type",
    ),
    headers=lambda: (
        _("Credit entry ID"),
        _("Learner"),
        _("Licence number"),
        _("Earned on"),
        _("Kind of activity"),
        _("Credits"),
        _("Credit type"),
    ),
    check=_organization,
    rows=_pending,
    parameters=(ORGANIZATION,),
)
