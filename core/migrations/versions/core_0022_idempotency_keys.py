"""idempotency keys: the first answer to a mutation, kept for its retries

Revision ID: core_0022
Revises: core_0021
Create Date: 2026-12-03 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0022"
down_revision: str | None = "core_0021"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

TABLE = "core_idempotency_keys"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("principal", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("media_type", sa.String(length=80), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("principal", "key", name="uq_core_idempotency_keys"),
    )
    op.create_index("ix_core_idempotency_keys_created", TABLE, ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_core_idempotency_keys_created", table_name=TABLE)
    op.drop_table(TABLE)
