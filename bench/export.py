"""The staff roster export (``/exports/roster.csv``) and its ceiling: one hand-written
statement (people of the organization with their groups and per-program sums aggregated in
derived tables) written whole with ``csv.writer``, under the same visibility conditions and
with the same cell quoting, so the two documents are byte for byte the same."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from sqlalchemy import Select, case, func, null, select
from sqlalchemy.sql.functions import coalesce

from core.access import Viewer, credit_entries_visible, people_visible, staff_scope
from core.credits.models import CreditEntry
from core.exports.csv import BOM, cell
from core.graphql.relay import to_global_id
from core.groups.models import Group, Membership, MembershipStatus
from core.people.models import Person, RoleAssignment

PERSON_COLUMNS = ("given_name", "family_name", "email", "profession", "licence_number")


def export_path(organization_id: int) -> str:
    """The API's export, with the columns' keys as header (the ceiling writes the same)."""
    return (
        f"/exports/roster.csv?organizationId={to_global_id('Organization', organization_id)}"
        "&header=keys"
    )


def columns(programs: Sequence[str]) -> list[str]:
    return [*PERSON_COLUMNS, "groups", *(f"credits_{p}" for p in programs)]


def ceiling_statement(viewer: Viewer, organization_id: int, programs: Sequence[str]) -> Select:
    members = (
        select(RoleAssignment.person_id)
        .where(RoleAssignment.organization_id == organization_id)
        .distinct()
        .subquery()
    )
    groups = (
        select(Membership.person_id, func.aggregate_strings(Group.name, "; ").label("names"))
        .join(Group, Group.id == Membership.group_id)
        .where(
            Membership.status == MembershipStatus.ACTIVE,
            Group.organization_id == organization_id,
            staff_scope(viewer, Group.organization_id, Group.program),
        )
        .group_by(Membership.person_id)
        .subquery()
    )
    shown = [p for p in programs if viewer.is_staff(organization_id, p)]
    sums = (
        select(
            CreditEntry.person_id,
            *(
                func.sum(case((CreditEntry.program == p, CreditEntry.amount))).label(p)
                for p in shown
            ),
        )
        .where(CreditEntry.organization_id == organization_id, credit_entries_visible(viewer))
        .group_by(CreditEntry.person_id)
        .subquery()
    )
    return (
        select(*(getattr(Person, c) for c in PERSON_COLUMNS), groups.c.names)
        .add_columns(*(coalesce(sums.c[p], 0) if p in shown else null() for p in programs))
        .join(members, members.c.person_id == Person.id)
        .outerjoin(groups, groups.c.person_id == Person.id)
        .outerjoin(sums, sums.c.person_id == Person.id)
        .where(people_visible(viewer))
        .order_by(Person.family_name, Person.given_name, Person.id)
    )


def ceiling_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """The whole document at once: byte order mark, header, rows."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
