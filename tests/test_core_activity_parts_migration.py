"""Migration ``core_0009``: activity parts, attendance per part and seats come with an upgrade
and go with a downgrade, on both databases, and upgrading again brings them back."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_support import round_trip, tables_among
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

TABLES = {"core_activity_parts", "core_part_attendances", "core_activity_seats"}


def _schema(connection: sa.Connection) -> tuple[set[str], bool]:
    """Which of the new tables exist, and whether activities have a capacity column."""
    columns = {c["name"] for c in sa.inspect(connection).get_columns("core_activities")}
    return tables_among(TABLES)(connection), "capacity" in columns


async def test_core_0009_adds_and_removes_parts_attendance_and_seats(
    fresh_url: str,  # noqa: F811
) -> None:
    assert await round_trip(fresh_url, "core_0009", _schema) == [
        (TABLES, True),
        (set(), False),
        (TABLES, True),
    ]
