"""measures: definitions a program's teams report on, and their monthly values

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-12-03 07:00:00

Values are only ever added: a correction is a new version naming the row it supersedes, so
the tables need no update path. Constraint names follow ``core.db.NAMING_CONVENTION``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0004"
down_revision: str | None = "core_0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("program", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=5), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("target", core.db.Hundredths(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["core_organizations.id"],
            name=op.f("fk_core_measures_organization_id_core_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_measures")),
        sa.UniqueConstraint(
            "organization_id",
            "program",
            "name",
            name=op.f("uq_core_measures_organization_id_program_name"),
        ),
    )
    op.create_index(op.f("ix_core_measures_organization_id"), "core_measures", ["organization_id"])
    op.create_table(
        "core_measure_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("numerator", core.db.Hundredths(), nullable=True),
        sa.Column("denominator", core.db.Hundredths(), nullable=True),
        sa.Column("count", core.db.Hundredths(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["core_measures.id"],
            name=op.f("fk_core_measure_values_measure_id_core_measures"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["core_groups.id"],
            name=op.f("fk_core_measure_values_group_id_core_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["core_measure_values.id"],
            name=op.f("fk_core_measure_values_supersedes_id_core_measure_values"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["core_people.id"],
            name=op.f("fk_core_measure_values_recorded_by_id_core_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_measure_values")),
        sa.UniqueConstraint(
            "measure_id",
            "group_id",
            "period",
            "version",
            name=op.f("uq_core_measure_values_measure_id_group_id_period_version"),
        ),
    )
    op.create_index(op.f("ix_core_measure_values_group_id"), "core_measure_values", ["group_id"])


def downgrade() -> None:
    op.drop_table("core_measure_values")
    op.drop_table("core_measures")
