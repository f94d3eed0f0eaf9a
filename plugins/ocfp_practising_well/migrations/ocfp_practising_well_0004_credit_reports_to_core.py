"""credit reports move to core

Revision ID: ocfp_practising_well_0004
Revises: ocfp_practising_well_0003
Create Date: 2026-12-03 06:00:00

Which credits OCFP entered into Mainpro+ is now core's to know (``core_credit_reports``,
revision ``core_0003``): core's certificates leave reported credits out by themselves. The
reports move there, oldest first, and Practising Well's own table goes. A downgrade makes the
table again and moves back the reports of Practising Well's credits.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db
from core.migrations.versions.core_0003_credit_reports import create_reports_table

revision: str = "ocfp_practising_well_0004"
down_revision: str | None = "ocfp_practising_well_0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = ("core_0003",)

SLUG = "ocfp_practising_well"
REPORTED = ("credit_entry_id", "reported_at", "reported_by_id")


def _reports(name: str) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("id", sa.Integer),
        sa.column("credit_entry_id", sa.Integer),
        sa.column("reported_at", core.db.UTCDateTime(timezone=True)),
        sa.column("reported_by_id", sa.Integer),
    )


program_reports = _reports("ocfp_practising_well_credit_reports")
core_reports = _reports("core_credit_reports")
entries = sa.table("core_credit_entries", sa.column("id", sa.Integer), sa.column("program"))
programs_entries = sa.select(entries.c.id).where(entries.c.program == SLUG)


def _move(source: sa.TableClause, target: sa.TableClause, *where: sa.ColumnElement) -> None:
    """Copy the reports, oldest first; ids are the target's own (a sequence keeps counting)."""
    rows = sa.select(*(source.c[c] for c in REPORTED)).where(*where).order_by(source.c.id)
    op.execute(target.insert().from_select(list(REPORTED), rows))


def upgrade() -> None:
    _move(program_reports, core_reports)
    op.drop_table(program_reports.name)


def downgrade() -> None:
    create_reports_table(program_reports.name)
    mine = core_reports.c.credit_entry_id.in_(programs_entries)
    _move(core_reports, program_reports, mine)
    op.execute(core_reports.delete().where(mine))
