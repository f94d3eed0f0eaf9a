"""A core revision's round trip for the migration tests: upgrade to it, downgrade below it,
upgrade to the head again, reading the schema after each step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from alembic import command

from core.db import Database
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from tests.conftest import TOKEN_SECRET
from tests.test_core_measures_migration import _step

T = TypeVar("T")


async def round_trip(
    database_url: str, revision: str, read: Callable[[Database], Awaitable[T]]
) -> tuple[T, T, T]:
    """What ``read`` finds at ``revision``, just below it, and at core's head again."""
    settings = Settings(
        database_url=database_url, programs=(), token_secret=TOKEN_SECRET, environ={}
    )
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    try:
        await _step(database, config, command.upgrade, revision)
        upgraded = await read(database)
        await _step(database, config, command.downgrade, f"{revision}-1")
        downgraded = await read(database)
        await _step(database, config, command.upgrade, "core@head")
        return upgraded, downgraded, await read(database)
    finally:
        await database.dispose()
