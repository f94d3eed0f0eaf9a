"""Migration ``core_0014``: a person's ``deactivated_at`` comes with an upgrade and goes with a
downgrade, on both databases, and upgrading again brings it back."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from tests.migration_support import round_trip
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)


def has_deactivated_at(connection: Connection) -> bool:
    columns = sa.inspect(connection).get_columns("core_people")
    return "deactivated_at" in {column["name"] for column in columns}


async def test_core_0014_adds_and_removes_deactivated_at(
    fresh_url: str,  # noqa: F811
) -> None:
    assert await round_trip(fresh_url, "core_0014", has_deactivated_at) == [True, False, True]
