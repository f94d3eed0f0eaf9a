"""email outbox: delivery state on notifications, required kinds, a person's email preference

Notifications recorded before this revision are marked skipped: email starts with what is
written from now on, not with a backlog of old messages.

Revision ID: core_0018
Revises: core_0017
Create Date: 2026-12-03 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0018"
down_revision: str | None = "core_0017"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

NOTIFICATIONS = "core_notifications"
COLUMNS: tuple[sa.Column[object], ...] = (
    sa.Column("required", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("email_state", sa.String(length=7), nullable=False, server_default="skipped"),
    sa.Column("email_attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("email_next_attempt_at", core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column("email_claimed_at", core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column("email_claimed_by", sa.String(length=64), nullable=True),
    sa.Column("email_sent_at", core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column("email_error", sa.String(length=300), nullable=True),
)


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column(NOTIFICATIONS, column)
    op.execute(
        sa.text(f"UPDATE {NOTIFICATIONS} SET email_error = 'recorded before email delivery'")
    )
    op.create_index(
        "ix_core_notifications_email_due", NOTIFICATIONS, ["email_state", "email_next_attempt_at"]
    )
    op.add_column(
        "core_people",
        sa.Column("email_preference", sa.String(length=8), nullable=False, server_default="all"),
    )


def downgrade() -> None:
    with op.batch_alter_table("core_people") as batch:
        batch.drop_column("email_preference")
    op.drop_index("ix_core_notifications_email_due", table_name=NOTIFICATIONS)
    with op.batch_alter_table(NOTIFICATIONS) as batch:
        for column in reversed(COLUMNS):
            batch.drop_column(column.name)
