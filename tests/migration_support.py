"""A core revision's round trip, for the tests of migrations that only add tables: upgrade to
it, one step down, and up to the head again, on a fresh database of either backend."""

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


async def _step(database: Database, config: Config, step: Callable[..., None], target: str) -> None:
    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        step(config, target)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)


async def _tables(database: Database, tables: set[str]) -> set[str]:
    async with database.engine.connect() as connection:
        names = await connection.run_sync(lambda c: sa.inspect(c).get_table_names())
    return tables & set(names)


async def round_trip(url: str, revision: str, tables: set[str]) -> list[set[str]]:
    """Which of ``tables`` exist after upgrading to ``revision``, after one step down (whichever
    revision the chain puts before it) and after upgrading to the head again."""
    settings = Settings(database_url=url, programs=(), token_secret=TOKEN_SECRET, environ={})
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    seen = []
    try:
        for step, target in (
            (command.upgrade, revision),
            (command.downgrade, "-1"),
            (command.upgrade, "core@head"),
        ):
            await _step(database, config, step, target)
            seen.append(await _tables(database, tables))
    finally:
        await database.dispose()
    return seen
