"""a person's language: English or French, or null to follow each request's Accept-Language

Revision ID: core_0019
Revises: core_0018
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0019"
down_revision: str | None = "core_0018"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("core_people", sa.Column("language", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("core_people") as batch:
        batch.drop_column("language")
