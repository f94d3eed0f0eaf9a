"""A core revision's round trip, for the tests of migrations that only add tables and columns:
upgrade to it, one step down, and up to the head again, on a fresh database of either backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


Probe = Callable[[Connection], Any]


def tables_among(tables: set[str]) -> Probe:
    """A probe answering which of ``tables`` exist."""
    return lambda connection: tables & set(sa.inspect(connection).get_table_names())


async def round_trip(url: str, revision: str, probe: set[str] | Probe) -> list[Any]:
    """What ``probe`` sees (or which of a set of tables exist) after upgrading to ``revision``,
    after one step down (whichever revision the chain puts before it) and after upgrading to the
    head again."""
    look = tables_among(probe) if isinstance(probe, set) else probe
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
            async with database.engine.connect() as connection:
                seen.append(await connection.run_sync(look))
    finally:
        await database.dispose()
    return seen
