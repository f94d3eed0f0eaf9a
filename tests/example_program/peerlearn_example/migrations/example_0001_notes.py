"""example: notes table

Revision ID: example_0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "example_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("example",)
depends_on: Sequence[str] | None = ("core_0001",)


def upgrade() -> None:
    op.create_table(
        "example_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["core_people.id"], name=op.f("fk_example_notes_person_id_core_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_notes")),
    )
    op.create_index(op.f("ix_example_notes_person_id"), "example_notes", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_example_notes_person_id"), table_name="example_notes")
    op.drop_table("example_notes")
