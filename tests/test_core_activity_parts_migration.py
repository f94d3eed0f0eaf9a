"""Migration ``core_0009``: activity parts, attendance per part and seats come with an upgrade
and go with a downgrade, on both databases, and upgrading again brings them back."""

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

TABLES = {"core_activity_parts", "core_part_attendances", "core_activity_seats"}


async def _schema(database: Database) -> tuple[set[str], bool]:
    """Which of the new tables exist, and whether activities have a capacity column."""

    def read(connection: sa.Connection) -> tuple[set[str], bool]:
        inspector = sa.inspect(connection)
        columns = {c["name"] for c in inspector.get_columns("core_activities")}
        return TABLES & set(inspector.get_table_names()), "capacity" in columns

    async with database.engine.connect() as connection:
        return await connection.run_sync(read)


async def test_core_0009_adds_and_removes_parts_attendance_and_seats(
    fresh_url: str,  # noqa: F811
) -> None:
    settings = Settings(database_url=fresh_url, programs=(), token_secret=TOKEN_SECRET, environ={})
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    try:
        await _step(database, config, command.upgrade, "core_0009")
        upgraded = await _schema(database)
        await _step(database, config, command.downgrade, "core_0009-1")
        downgraded = await _schema(database)
        await _step(database, config, command.upgrade, "core@head")
        again = await _schema(database)
    finally:
        await database.dispose()

    assert (upgraded, downgraded, again) == ((TABLES, True), (set(), False), (TABLES, True))
