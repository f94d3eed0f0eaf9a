"""activity parts: days or blocks with their own hours, attendance per part, seats per activity

Revision ID: core_0009
Revises: core_0008
Create Date: 2026-12-03 08:00:00

New tables only, and one nullable column added in place (``ALTER TABLE ... ADD COLUMN`` on
both databases), so SQLite rebuilds no table and the ledgers' append-only triggers stay.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0009"
down_revision: str | None = "core_0008"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

PARTS = "core_activity_parts"
ATTENDANCES = "core_part_attendances"
SEATS = "core_activity_seats"


def _key(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.add_column("core_activities", sa.Column("capacity", sa.Integer(), nullable=True))
    op.create_table(
        PARTS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("hours", core.db.Hundredths(), nullable=False),
        sa.CheckConstraint("hours > 0", name=op.f(f"ck_{PARTS}_hours_positive")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f(f"ck_{PARTS}_ordered")),
        _key(PARTS, "activity_id", "core_activities"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{PARTS}")),
    )
    op.create_index(op.f(f"ix_{PARTS}_activity_id"), PARTS, ["activity_id"])
    op.create_table(
        ATTENDANCES,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=False),
        _key(ATTENDANCES, "participation_id", "core_participations"),
        _key(ATTENDANCES, "part_id", PARTS),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{ATTENDANCES}")),
        sa.UniqueConstraint(
            "participation_id", "part_id", name=op.f(f"uq_{ATTENDANCES}_participation_id_part_id")
        ),
    )
    op.create_index(op.f(f"ix_{ATTENDANCES}_participation_id"), ATTENDANCES, ["participation_id"])
    op.create_index(op.f(f"ix_{ATTENDANCES}_part_id"), ATTENDANCES, ["part_id"])
    op.create_table(
        SEATS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("registered_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", core.db.UTCDateTime(timezone=True), nullable=True),
        _key(SEATS, "activity_id", "core_activities"),
        _key(SEATS, "person_id", "core_people"),
        _key(SEATS, "registered_by_id", "core_people"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{SEATS}")),
        sa.UniqueConstraint(
            "activity_id", "person_id", name=op.f(f"uq_{SEATS}_activity_id_person_id")
        ),
    )
    op.create_index(op.f(f"ix_{SEATS}_person_id"), SEATS, ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{SEATS}_person_id"), table_name=SEATS)
    op.drop_table(SEATS)
    op.drop_index(op.f(f"ix_{ATTENDANCES}_part_id"), table_name=ATTENDANCES)
    op.drop_index(op.f(f"ix_{ATTENDANCES}_participation_id"), table_name=ATTENDANCES)
    op.drop_table(ATTENDANCES)
    op.drop_index(op.f(f"ix_{PARTS}_activity_id"), table_name=PARTS)
    op.drop_table(PARTS)
    with op.batch_alter_table("core_activities") as batch:
        batch.drop_column("capacity")
