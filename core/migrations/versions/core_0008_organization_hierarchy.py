"""organization hierarchy: an organization may sit under a parent organization

Revision ID: core_0008
Revises: core_0005
Create Date: 2026-12-03 07:55:00

A provincial office above regional support teams above divisions: each organization names its
parent (none for a root). The column is only added (``ALTER TABLE ... ADD COLUMN`` on both
databases), so SQLite never rebuilds ``core_organizations``, which most tables reference.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0008"
down_revision: str | None = "core_0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

TABLE = "core_organizations"
INDEX = "ix_core_organizations_parent_id"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite accepts REFERENCES in ADD COLUMN, which Alembic will not emit.
        op.execute(f"ALTER TABLE {TABLE} ADD COLUMN parent_id INTEGER REFERENCES {TABLE} (id)")
    else:
        op.add_column(TABLE, sa.Column("parent_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_core_organizations_parent_id_core_organizations",
            TABLE,
            TABLE,
            ["parent_id"],
            ["id"],
        )
    op.create_index(INDEX, TABLE, ["parent_id"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column("parent_id")
