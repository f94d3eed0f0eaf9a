"""The provincial office's spreadsheets (PSP): the provincial aggregate per division and
series, and the payments still due, for the staff ``pspAggregate`` answers (an RST's or a
division's over what their role reaches)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import fields

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.exports import parameters
from core.graphql.relay import to_global_id
from core.i18n import N_
from core.people.models import Organization
from core.programs import ExportSpec
from core.repository import find
from plugins.psp_sgls import SLUG
from plugins.psp_sgls.i18n import _
from plugins.psp_sgls.reporting import repository, service

ORGANIZATION = "organizationId"
# The aggregate's own figures, named as in ``pspAggregate``; keys stay out of a spreadsheet.
FIGURES = tuple(f.name for f in fields(service.Row) if not f.name.endswith("_id"))
FIGURE_HEADERS = {
    "division": N_("Division"),
    "series": N_("Series"),
    "sessions": N_("Sessions"),
    "physicians": N_("Physicians"),
    "moas": N_("MOAs"),
    "allied_health": N_("Allied health"),
    "action_plans": N_("Action plans"),
    "questionnaires": N_("Questionnaires"),
    "credits": N_("Credits"),
    "payments": N_("Payments"),
    "paid": N_("Paid"),
}


def _organization(params: Mapping[str, str]) -> int:
    return parameters.node(params, ORGANIZATION, "Organization")


async def _aggregate(
    session: AsyncSession, viewer: Viewer, params: Mapping[str, str]
) -> service.Aggregate:
    """A few rows per division and series: computed, access and all, before the first byte."""
    return await service.aggregate(session, viewer, organization_id=_organization(params))


async def _aggregate_rows(
    _: AsyncSession, found: service.Aggregate
) -> AsyncIterator[Sequence[object]]:
    divisions = {d.division_id: d for d in found.divisions}
    for row in found.rows:
        division = divisions[row.division_id]
        yield (
            *(getattr(row, name) for name in FIGURES),
            division.certificates,
            division.funds_spent,
        )


async def _payments_scope(session: AsyncSession, viewer: Viewer, params: Mapping[str, str]) -> int:
    """The same staff as the aggregate's, over the same organizations."""
    organization_id = _organization(params)
    viewer.require_staff(organization_id, SLUG)
    await find(session, Organization, organization_id, missing="organization")
    return organization_id


async def _payments_rows(
    session: AsyncSession, organization_id: int
) -> AsyncIterator[Sequence[object]]:
    """Physicians whose action plan is in and whose participation is not yet paid."""
    due = await repository.payments_due(session, organization_id)
    divisions = await repository.names(session, Organization, sorted({r[1] for r in due}))
    for session_id, division_id, person_id, given_name, family_name in due:
        yield (
            divisions[division_id],
            to_global_id("PspSession", session_id),
            to_global_id("Person", person_id),
            f"{given_name} {family_name}",
        )


EXPORTS = [
    ExportSpec(
        name=f"{SLUG}.aggregate",
        title=lambda: _("Provincial aggregate per division and series"),
        columns=(*FIGURES, "division_certificates", "division_funds_spent"),
        headers=lambda: (
            *(_(FIGURE_HEADERS[name]) for name in FIGURES),
            _("Division certificates"),
            _("Division funds spent"),
        ),
        check=_aggregate,
        rows=_aggregate_rows,
        parameters=(ORGANIZATION,),
    ),
    ExportSpec(
        name=f"{SLUG}.payments-due",
        title=lambda: _("Physicians' participation payments due"),
        columns=("division", "session_id", "person_id", "name"),
        headers=lambda: (_("Division"), _("Session ID"), _("Person ID"), _("Name")),
        check=_payments_scope,
        rows=_payments_rows,
        parameters=(ORGANIZATION,),
    ),
]
