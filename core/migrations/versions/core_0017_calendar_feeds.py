"""calendar feeds: private iCalendar URLs, kept as token digests, revocable

Revision ID: core_0017
Revises: core_0016
Create Date: 2026-12-03 11:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0017"
down_revision: str | None = "core_0016"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_calendar_feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_people.id"), nullable=False),
        sa.Column("kind", sa.String(length=7), nullable=False),
        sa.Column("program", sa.String(length=60), nullable=True),
        sa.Column("token_sha256", sa.String(length=64), nullable=False, unique=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", core.db.UTCDateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_core_calendar_feeds_person_id", "core_calendar_feeds", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_core_calendar_feeds_person_id", table_name="core_calendar_feeds")
    op.drop_table("core_calendar_feeds")
