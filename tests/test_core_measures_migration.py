"""Migration ``core_0004``: the measures tables come with an upgrade and go with a downgrade,
on both databases, and upgrading again brings them back."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from core.db import Database
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from tests.conftest import TOKEN_SECRET
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

TABLES = {"core_measures", "core_measure_values"}


async def _step(database: Database, config: Config, step: Callable[..., None], target: str) -> None:
    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        step(config, target)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)


async def _tables(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        names = await connection.run_sync(lambda c: sa.inspect(c).get_table_names())
    return TABLES & set(names)


async def test_core_0004_adds_and_removes_the_measures_tables(
    fresh_url: str,  # noqa: F811
) -> None:
    settings = Settings(database_url=fresh_url, programs=(), token_secret=TOKEN_SECRET, environ={})
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    try:
        await _step(database, config, command.upgrade, "core_0004")
        upgraded = await _tables(database)
        await _step(database, config, command.downgrade, "core_0003")
        downgraded = await _tables(database)
        await _step(database, config, command.upgrade, "core@head")
        again = await _tables(database)
    finally:
        await database.dispose()

    assert (upgraded, downgraded, again) == (TABLES, set(), TABLES)
