"""activity waitlist: a line for seats at a full activity; who last edited a plan

Revision ID: core_0015
Revises: core_0014
Create Date: 2026-12-03 11:20:00

``core_activity_waitlist`` holds a person's place in line for a seat at an activity whose
seats belong to it: one row per activity and person (joining again reopens it with a new
ticket), tickets unique per activity, so the order is the database's to keep.
``core_plans.updated_by_id`` names who made a plan's latest change, now that a program may let
others than the owner draft it (co-editors). A new table and one nullable column added in place
(with an inline reference on SQLite, which cannot add a constraint to a table), so no table
is rebuilt and the ledgers' append-only triggers are untouched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0015"
down_revision: str | None = "core_0014"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

WAITLIST = "core_activity_waitlist"
PLANS = "core_plans"
EDITOR = "updated_by_id"
WHEN = core.db.UTCDateTime(timezone=True)


def _key(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table(
        WAITLIST,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("ticket", sa.Integer(), nullable=False),
        sa.Column("waitlisted_at", WHEN, nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("promoted_at", WHEN, nullable=True),
        sa.Column("left_at", WHEN, nullable=True),
        _key(WAITLIST, "activity_id", "core_activities"),
        _key(WAITLIST, "person_id", "core_people"),
        _key(WAITLIST, "added_by_id", "core_people"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{WAITLIST}")),
        sa.UniqueConstraint(
            "activity_id", "person_id", name=op.f(f"uq_{WAITLIST}_activity_id_person_id")
        ),
        sa.UniqueConstraint(
            "activity_id", "ticket", name=op.f(f"uq_{WAITLIST}_activity_id_ticket")
        ),
    )
    op.create_index(op.f(f"ix_{WAITLIST}_person_id"), WAITLIST, ["person_id"])
    if _sqlite():
        op.execute(f"ALTER TABLE {PLANS} ADD COLUMN {EDITOR} INTEGER REFERENCES core_people (id)")
        return
    op.add_column(PLANS, sa.Column(EDITOR, sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f(f"fk_{PLANS}_{EDITOR}_core_people"), PLANS, "core_people", [EDITOR], ["id"]
    )


def downgrade() -> None:
    if not _sqlite():
        op.drop_constraint(f"fk_{PLANS}_{EDITOR}_core_people", PLANS, type_="foreignkey")
    op.drop_column(PLANS, EDITOR)
    op.drop_index(op.f(f"ix_{WAITLIST}_person_id"), table_name=WAITLIST)
    op.drop_table(WAITLIST)
