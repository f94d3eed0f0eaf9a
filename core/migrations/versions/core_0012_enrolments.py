"""enrolments: a person's request to join a program, and staff's decision

Revision ID: core_0012
Revises: core_0011
Create Date: 2026-12-03 08:00:00

One open (requested or approved) enrolment per person and program is a partial unique index,
which both databases enforce. Practising Well's revision ``ocfp_practising_well_0006`` moves
its learner accounts' states here. Constraint names follow ``core.db.NAMING_CONVENTION``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0012"
down_revision: str | None = "core_0011"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

TABLE = "core_enrolments"
OPEN = sa.text("state IN ('requested', 'approved')")


def upgrade() -> None:
    metadata = sa.MetaData(naming_convention=core.db.NAMING_CONVENTION)
    for referred in ("core_people", "core_organizations"):
        sa.Table(referred, metadata, sa.Column("id", sa.Integer, primary_key=True))
    when = core.db.UTCDateTime(timezone=True)
    sa.Table(
        TABLE,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.ForeignKey("core_people.id"), nullable=False),
        sa.Column("program", sa.String(60), nullable=False),
        sa.Column("organization_id", sa.ForeignKey("core_organizations.id"), nullable=False),
        sa.Column("state", sa.String(9), nullable=False),
        sa.Column("requested_at", when, nullable=False),
        sa.Column("decided_at", when, nullable=True),
        sa.Column("decided_by_id", sa.ForeignKey("core_people.id"), nullable=True),
        sa.Column("decision_reason", sa.String(500), nullable=True),
        sa.Column("ended_at", when, nullable=True),
        sa.Column("ended_by_id", sa.ForeignKey("core_people.id"), nullable=True),
        sa.Column("end_reason", sa.String(500), nullable=True),
        sa.Index(
            "uq_core_enrolments_open",
            "person_id",
            "program",
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        sa.Index("ix_core_enrolments_organization", "organization_id", "program", "state"),
    ).create(op.get_bind())


def downgrade() -> None:
    op.drop_table(TABLE)
