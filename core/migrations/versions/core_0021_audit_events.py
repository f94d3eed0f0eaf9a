"""the audit trail: who changed what and when, and who read whose transcript; append-only

Like the credit ledger, the trail is append-only in the database itself: triggers refuse UPDATE
and DELETE, whatever code or console tries.

Revision ID: core_0021
Revises: core_0020
Create Date: 2026-12-03 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0021"
down_revision: str | None = "core_0020"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

TABLE = "core_audit_events"
MESSAGE = "core_audit_events is append-only"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=120), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_core_audit_events_person", TABLE, ["person_id", "id"])
    op.create_index("ix_core_audit_events_actor", TABLE, ["actor_id", "id"])
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
        return
    op.execute(
        f"CREATE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ LANGUAGE plpgsql"
    )
    op.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()"
    )


def downgrade() -> None:
    op.drop_index("ix_core_audit_events_actor", table_name=TABLE)
    op.drop_index("ix_core_audit_events_person", table_name=TABLE)
    op.drop_table(TABLE)
    if op.get_bind().dialect.name != "sqlite":
        op.execute(f"DROP FUNCTION {TABLE}_append_only()")
