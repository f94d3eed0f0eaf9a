"""time: recurring due items, reminders recorded once, and the task queue's own tables

Revision ID: core_0011
Revises: core_0010
Create Date: 2026-12-03 08:05:00

Due items gain their place in a series (``follows_id``, unique: one successor per item, so
continuing a series twice at once makes one item). Notifications gain the due item and the
reminder day a reminder is for, unique together, so no reminder is recorded twice however
many workers send it. Columns are only added, in place on SQLite too (no table is rebuilt,
so the ledgers' append-only triggers stay as they are).

On PostgreSQL the tables and functions of procrastinate, the task queue ``peerlearn worker``
runs, are created here from the schema of the installed release (pinned in pyproject.toml to
one minor release: a newer one brings its own migration scripts, applied by a later revision).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.util import await_only

# Nullable references are added in place on SQLite, as core_0002 adds them.
from core.migrations.versions.core_0002_corrections import _add_reference

revision: str = "core_0011"
down_revision: str | None = "core_0010"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

DUE_ITEMS = "core_due_items"
NOTIFICATIONS = "core_notifications"
REMINDER_KEY = "uq_core_notifications_due_item_id_reminder_day"


def upgrade() -> None:
    _add_reference(DUE_ITEMS, "follows_id", DUE_ITEMS)
    op.add_column(DUE_ITEMS, sa.Column("series_starts_on", sa.Date(), nullable=True))
    op.add_column(DUE_ITEMS, sa.Column("occurrence", sa.Integer(), nullable=True))
    op.create_index("ix_core_due_items_follows_id", DUE_ITEMS, ["follows_id"], unique=True)
    op.create_index("ix_core_due_items_due_on", DUE_ITEMS, ["due_on"])
    _add_reference(NOTIFICATIONS, "due_item_id", DUE_ITEMS)
    op.add_column(NOTIFICATIONS, sa.Column("reminder_day", sa.Integer(), nullable=True))
    op.create_index(REMINDER_KEY, NOTIFICATIONS, ["due_item_id", "reminder_day"], unique=True)
    if op.get_bind().dialect.name == "postgresql":
        _run_script(_procrastinate_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run_script(_DROP_PROCRASTINATE)
    op.drop_index(REMINDER_KEY, NOTIFICATIONS)
    op.drop_index("ix_core_due_items_due_on", DUE_ITEMS)
    op.drop_index("ix_core_due_items_follows_id", DUE_ITEMS)
    for table, columns in (
        (NOTIFICATIONS, ("reminder_day", "due_item_id")),
        (DUE_ITEMS, ("occurrence", "series_starts_on", "follows_id")),
    ):
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)


def _procrastinate_schema() -> str:
    from procrastinate.schema import SchemaManager

    return SchemaManager.get_schema()


def _run_script(script: str) -> None:
    """Several statements at once, as the driver's own script call runs them (SQLAlchemy's
    statements are one each)."""
    driver = op.get_bind().connection.driver_connection
    if op.get_bind().dialect.driver == "asyncpg":
        await_only(driver.execute(script))  # type: ignore[union-attr]
    else:
        op.get_bind().exec_driver_sql(script.replace("%", "%%"))


# Everything procrastinate's schema creates: its tables (their triggers go with them), then
# its functions and types, found by their prefix.
_DROP_PROCRASTINATE = """
DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs,
    procrastinate_workers CASCADE;
DO $$
DECLARE name text;
BEGIN
    FOR name IN SELECT p.oid::regprocedure::text FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%'
    LOOP
        EXECUTE 'DROP FUNCTION ' || name || ' CASCADE';
    END LOOP;
    FOR name IN SELECT t.typname FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate\\_%'
            AND t.typtype IN ('e', 'c')
    LOOP
        EXECUTE 'DROP TYPE ' || quote_ident(name) || ' CASCADE';
    END LOOP;
END $$;
"""
