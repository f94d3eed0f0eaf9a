"""people accounts: a person can be deactivated (and reactivated) without losing their history

Revision ID: core_0014
Revises: core_0013
Create Date: 2026-12-03 09:05:00

``core_people.deactivated_at`` is set while a person may not sign in; their rows elsewhere
(credits, memberships, ledgers) stay as they are. A nullable column is added in place on
SQLite too, so no table is rebuilt and the ledgers' append-only triggers are untouched.
``auth_subject`` has been unique since core_0001, which is what keeps an identity provider's
subject linked to at most one person.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0014"
down_revision: str | None = "core_0013"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "core_people",
        sa.Column("deactivated_at", core.db.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("core_people") as batch:
        batch.drop_column("deactivated_at")
