"""corrections: withdrawn or corrected attendance, credit a cap gave back, closed due items

Revision ID: core_0002
Revises: core_0001
Create Date: 2026-12-03 01:10:00

Columns are only added (``ALTER TABLE ... ADD COLUMN`` on both databases), so SQLite never
rebuilds ``core_credit_entries`` and its append-only triggers stay in place.

Due items gain ``closed_at``: an item no longer owed but never done (its person left the
program) is closed, not marked completed, so it does not read as answered.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0002"
down_revision: str | None = "core_0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _add_reference(table: str, column: str, target: str) -> None:
    """A nullable foreign key column. SQLite adds it in place (it accepts REFERENCES in ADD
    COLUMN, which Alembic will not emit), so the table is not rebuilt."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id)")
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(f"fk_{table}_{column}_{target}", table, target, [column], ["id"])


def upgrade() -> None:
    op.add_column(
        "core_participations", sa.Column("withdrawn_at", core.db.UTCDateTime(), nullable=True)
    )
    _add_reference("core_participations", "withdrawn_by_id", "core_people")
    op.add_column(
        "core_participations", sa.Column("correction_note", sa.String(500), nullable=True)
    )
    _add_reference("core_credit_entries", "restores_entry_id", "core_credit_entries")
    op.create_index(
        "ix_core_credit_entries_restores_entry_id", "core_credit_entries", ["restores_entry_id"]
    )
    op.add_column("core_due_items", sa.Column("closed_at", core.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("core_due_items", "closed_at")
    op.drop_index("ix_core_credit_entries_restores_entry_id", "core_credit_entries")
    with op.batch_alter_table("core_participations") as batch:
        batch.drop_column("correction_note")
        batch.drop_column("withdrawn_by_id")
        batch.drop_column("withdrawn_at")
    op.drop_column("core_credit_entries", "restores_entry_id")
