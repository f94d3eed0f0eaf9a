"""credit reports: entries a program reported to the credit system instead of certifying

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-12-03 06:00:00

A credit reaches the credit system one way: on a certificate (``core_certified_entries``) or
reported by its program (``core_credit_reports``), so core's certificates leave reported
entries out. Practising Well kept its reports in a table of the same shape until its
revision ``ocfp_practising_well_0004`` moved them here; that revision's downgrade makes its
table again with :func:`create_reports_table`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0003"
down_revision: str | None = "core_0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

TABLE = "core_credit_reports"


def create_reports_table(name: str) -> None:
    """A table of reported entries, each reported once: the credit entry, when and by whom.
    Constraint names follow ``core.db.NAMING_CONVENTION``."""
    metadata = sa.MetaData(naming_convention=core.db.NAMING_CONVENTION)
    for referred in ("core_credit_entries", "core_people"):
        sa.Table(referred, metadata, sa.Column("id", sa.Integer, primary_key=True))
    reports = sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "credit_entry_id",
            sa.ForeignKey("core_credit_entries.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("reported_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reported_by_id", sa.ForeignKey("core_people.id"), nullable=False),
    )
    reports.create(op.get_bind())


def upgrade() -> None:
    create_reports_table(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
