"""Migration ``core_0007``: invitations and the groups' parent, practice and former come with an
upgrade and go with a downgrade, on both databases, and upgrading again brings them back."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from core.db import Database
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from tests.conftest import TOKEN_SECRET
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)
from tests.test_core_measures_migration import _step

COLUMNS = {"parent_id", "practice_name", "practice_location", "formed_by_id"}


async def _added(database: Database) -> tuple[bool, set[str]]:
    def read(connection: sa.Connection) -> tuple[bool, set[str]]:
        inspector = sa.inspect(connection)
        columns = {c["name"] for c in inspector.get_columns("core_groups")}
        return "core_group_invitations" in inspector.get_table_names(), COLUMNS & columns

    async with database.engine.connect() as connection:
        return await connection.run_sync(read)


async def test_core_0007_adds_and_removes_invitations_and_group_sites(
    fresh_url: str,  # noqa: F811
) -> None:
    settings = Settings(database_url=fresh_url, programs=(), token_secret=TOKEN_SECRET, environ={})
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    try:
        await _step(database, config, command.upgrade, "core_0007")
        upgraded = await _added(database)
        await _step(database, config, command.downgrade, "core_0007-1")
        downgraded = await _added(database)
        await _step(database, config, command.upgrade, "core@head")
        again = await _added(database)
    finally:
        await database.dispose()

    assert (upgraded, downgraded, again) == ((True, COLUMNS), (False, set()), (True, COLUMNS))
