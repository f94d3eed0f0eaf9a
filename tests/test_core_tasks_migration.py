"""Migration ``core_0011``: due items' series, reminders' unique key and (on PostgreSQL)
procrastinate's queue come with an upgrade and go with a downgrade, on both databases."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from core.db import Database
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from tests.conftest import TOKEN_SECRET
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

COLUMNS = {"follows_id", "series_starts_on", "occurrence", "due_item_id", "reminder_day"}
REVISION = "core_0011"
Step = tuple[Callable[..., None], str]
QUEUE = {"procrastinate_jobs", "procrastinate_periodic_defers", "procrastinate_workers"}


def _read(connection: Connection) -> set[str]:
    inspector = sa.inspect(connection)
    columns = {
        c["name"]
        for table in ("core_due_items", "core_notifications")
        for c in inspector.get_columns(table)
    }
    return (COLUMNS & columns) | (QUEUE & set(inspector.get_table_names()))


async def _walk(database: Database, config: Config, steps: list[Step]) -> list[set[str]]:
    """Take each step in turn, in one transaction, reading the schema after each."""

    def run(connection: Connection) -> list[set[str]]:
        config.attributes["connection"] = connection
        seen = []
        for step, target in steps:
            step(config, target)
            seen.append(_read(connection))
        return seen

    async with database.engine.begin() as connection:
        return await connection.run_sync(run)


async def test_core_0011_adds_and_removes_series_reminders_and_the_queue(
    fresh_url: str,  # noqa: F811
) -> None:
    settings = Settings(database_url=fresh_url, programs=(), token_secret=TOKEN_SECRET, environ={})
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    expected = COLUMNS | (QUEUE if database.dialect == "postgresql" else set())
    steps: list[Step] = [
        (command.upgrade, REVISION),
        (
            command.downgrade,
            ScriptDirectory.from_config(config).get_revision(REVISION).down_revision,
        ),
        (command.upgrade, "core@head"),
    ]
    try:
        upgraded, downgraded, again = await _walk(database, config, steps)
    finally:
        await database.dispose()

    assert (upgraded, downgraded, again) == (expected, set(), expected)
