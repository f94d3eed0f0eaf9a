"""Migration ``core_0008``: organizations gain a parent with an upgrade and lose it with a
downgrade, on both databases, and upgrading again brings it back."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_support import round_trip
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)


def _has_parent(connection: sa.Connection) -> bool:
    return "parent_id" in {
        c["name"] for c in sa.inspect(connection).get_columns("core_organizations")
    }


async def test_core_0008_adds_and_removes_the_organization_parent(
    fresh_url: str,  # noqa: F811
) -> None:
    assert await round_trip(fresh_url, "core_0008", _has_parent) == [True, False, True]
