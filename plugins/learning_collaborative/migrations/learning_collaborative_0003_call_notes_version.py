"""a version on monthly calls, whose notes faculty edit by hand (optimistic concurrency)

Every ORM update of a call checks the version its editor read and raises it
(``core.versions``); calls that exist already start at version 1.

Revision ID: learning_collaborative_0003
Revises: learning_collaborative_0002
Create Date: 2026-12-03 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "learning_collaborative_0003"
down_revision: str | None = "learning_collaborative_0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

TABLE = "learning_collaborative_monthly_calls"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    # Dropped in place (SQLite has done so since 3.35): a batch copy would drop the table, which
    # rows of other tables reference.
    op.drop_column(TABLE, "version")
