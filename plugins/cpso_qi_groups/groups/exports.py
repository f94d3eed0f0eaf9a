"""CPSO's overview of its QI groups as a spreadsheet: one row per group, the figures
``qigGroups`` shows (members and how many completed every activity, the PIP's state, support
requests), never an activity's answers; for the same staff."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.exports import parameters
from core.graphql.relay import to_global_id
from core.programs import ExportSpec
from plugins.cpso_qi_groups import SLUG
from plugins.cpso_qi_groups.groups import overview
from plugins.cpso_qi_groups.groups.overview import GroupProgress
from plugins.cpso_qi_groups.i18n import _

ORGANIZATION = "organizationId"


async def _groups(
    session: AsyncSession, viewer: Viewer, params: Mapping[str, str]
) -> list[GroupProgress]:
    """A row per group, computed with its access check before the first byte is sent."""
    organization_id = parameters.node(params, ORGANIZATION, "Organization")
    return await overview.overview(session, viewer, organization_id=organization_id)


async def _rows(_: AsyncSession, groups: list[GroupProgress]) -> AsyncIterator[Sequence[object]]:
    for shown in groups:
        yield (
            to_global_id("Group", shown.group.id),
            shown.group.name,
            shown.basis.value if shown.basis is not None else None,
            len(shown.members),
            sum(1 for m in shown.members if not m.missing),
            shown.pip_state.value if shown.pip_state is not None else None,
            shown.requests,
            shown.open_requests,
        )


GROUPS = ExportSpec(
    name=f"{SLUG}.groups",
    title=lambda: _("QI groups and their progress"),
    columns=(
        "group_id",
        "group",
        "basis",
        "members",
        "members_completed",
        "pip_state",
        "support_requests",
        "open_support_requests",
    ),
    headers=lambda: (
        _("Group ID"),
        _("Group"),
        _("Basis"),
        _("Members"),
        _("Members who completed"),
        _("Plan state"),
        _("Support requests"),
        _("Open support requests"),
    ),
    check=_groups,
    rows=_rows,
    parameters=(ORGANIZATION,),
)
