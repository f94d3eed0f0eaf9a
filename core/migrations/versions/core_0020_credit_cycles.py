"""credit cycles as the College assigned them, and self-reported credits earned elsewhere

A person's one ``cycle_start`` becomes their first recorded cycle: a regular five-year
Mainpro+ cycle from that 1 July, as the column described it, entered by staff (who, the column
never said). People without one have no recorded cycle: the transcript asks for the dates
instead of counting from the day the record was created.

Revision ID: core_0020
Revises: core_0019
Create Date: 2026-12-03 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0020"
down_revision: str | None = "core_0019"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_credit_cycles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("credit_system", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=6), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["core_people.id"]),
        sa.ForeignKeyConstraint(["set_by_id"], ["core_people.id"]),
        sa.ForeignKeyConstraint(["replaced_by_id"], ["core_credit_cycles.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_core_credit_cycles_person", "core_credit_cycles", ["person_id", "starts_on"]
    )
    op.create_index(
        "ix_core_credit_cycles_replaced_by_id", "core_credit_cycles", ["replaced_by_id"]
    )
    op.create_table(
        "core_external_credits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("earned_on", sa.Date(), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("hours", core.db.Hundredths(), nullable=True),
        sa.Column("credits", core.db.Hundredths(), nullable=False),
        sa.Column("credit_system", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["core_people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_core_external_credits_person_id", "core_external_credits", ["person_id"])
    # Five years from the 1 July on or before the recorded start, as the transcript counted.
    op.execute(
        sa.text(
            """
            INSERT INTO core_credit_cycles
                (person_id, credit_system, kind, starts_on, ends_on, source, set_at)
            SELECT id, 'mainpro+', 'regular', cycle_start, cycle_start, 'staff', created_at
            FROM core_people WHERE cycle_start IS NOT NULL
            """
        )
    )
    cycles = sa.table(
        "core_credit_cycles",
        sa.column("id", sa.Integer()),
        sa.column("starts_on", sa.Date()),
        sa.column("ends_on", sa.Date()),
    )
    connection = op.get_bind()
    for pk, start in connection.execute(sa.select(cycles.c.id, cycles.c.starts_on)).all():
        first = start.year if start.month >= 7 else start.year - 1
        connection.execute(
            cycles.update()
            .where(cycles.c.id == pk)
            .values(
                starts_on=start.replace(year=first, month=7, day=1),
                ends_on=start.replace(year=first + 5, month=6, day=30),
            )
        )
    # Dropped in place (SQLite has done so since 3.35): a batch copy of core_people would drop
    # a table every ledger row refers to, which its foreign keys refuse.
    op.execute(sa.text("ALTER TABLE core_people DROP COLUMN cycle_start"))


def downgrade() -> None:
    op.add_column("core_people", sa.Column("cycle_start", sa.Date(), nullable=True))
    op.execute(
        sa.text(
            """
            UPDATE core_people SET cycle_start = (
                SELECT MAX(starts_on) FROM core_credit_cycles
                WHERE person_id = core_people.id AND replaced_by_id IS NULL
                  AND credit_system = 'mainpro+' AND kind = 'regular')
            """
        )
    )
    op.drop_index("ix_core_external_credits_person_id", table_name="core_external_credits")
    op.drop_table("core_external_credits")
    op.drop_index("ix_core_credit_cycles_replaced_by_id", table_name="core_credit_cycles")
    op.drop_index("ix_core_credit_cycles_person", table_name="core_credit_cycles")
    op.drop_table("core_credit_cycles")
