"""Migration ``core_0011``: due items' series, reminders' unique key and (on PostgreSQL)
procrastinate's queue come with an upgrade and go with a downgrade, on both databases."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection, make_url

from tests.migration_support import round_trip
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

COLUMNS = {"follows_id", "series_starts_on", "occurrence", "due_item_id", "reminder_day"}
QUEUE = {"procrastinate_jobs", "procrastinate_periodic_defers", "procrastinate_workers"}


def _read(connection: Connection) -> set[str]:
    inspector = sa.inspect(connection)
    columns = {
        c["name"]
        for table in ("core_due_items", "core_notifications")
        for c in inspector.get_columns(table)
    }
    return (COLUMNS & columns) | (QUEUE & set(inspector.get_table_names()))


async def test_core_0011_adds_and_removes_series_reminders_and_the_queue(
    fresh_url: str,  # noqa: F811
) -> None:
    on_postgres = make_url(fresh_url).get_backend_name() == "postgresql"
    expected = COLUMNS | (QUEUE if on_postgres else set())
    assert await round_trip(fresh_url, "core_0011", _read) == [expected, set(), expected]
