"""a version on people, whose profiles are edited by hand (optimistic concurrency)

Every ORM update of a person checks the version its editor read and raises it
(``core.versions``); people that exist already start at version 1.

Revision ID: core_0023
Revises: core_0022
Create Date: 2026-12-03 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0023"
down_revision: str | None = "core_0022"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "core_people", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )


def downgrade() -> None:
    # Dropped in place (SQLite has done so since 3.35): a batch copy would drop the table, which
    # rows of other tables reference.
    op.drop_column("core_people", "version")
