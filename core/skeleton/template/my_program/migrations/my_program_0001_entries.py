"""my_program: the learning log

Revision ID: my_program_0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "my_program_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("my_program",)
depends_on: Sequence[str] | None = ("core_0001",)


def upgrade() -> None:
    op.create_table(
        "my_program_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["core_people.id"],
            name=op.f("fk_my_program_entries_person_id_core_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_my_program_entries")),
    )
    op.create_index(op.f("ix_my_program_entries_person_id"), "my_program_entries", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_my_program_entries_person_id"), table_name="my_program_entries")
    op.drop_table("my_program_entries")
