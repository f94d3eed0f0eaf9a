"""Migration ``core_0007``: invitations and the groups' parent, practice and former come with an
upgrade and go with a downgrade, on both databases, and upgrading again brings them back."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_support import round_trip
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

COLUMNS = {"parent_id", "practice_name", "practice_location", "formed_by_id"}


def _added(connection: sa.Connection) -> tuple[bool, set[str]]:
    inspector = sa.inspect(connection)
    columns = {c["name"] for c in inspector.get_columns("core_groups")}
    return "core_group_invitations" in inspector.get_table_names(), COLUMNS & columns


async def test_core_0007_adds_and_removes_invitations_and_group_sites(
    fresh_url: str,  # noqa: F811
) -> None:
    steps = await round_trip(fresh_url, "core_0007", _added)

    assert steps == [(True, COLUMNS), (False, set()), (True, COLUMNS)]
