"""Migration ``core_0013``: the questionnaire tables come with an upgrade and go with a
downgrade, on both databases, and upgrading again brings them back."""

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

TABLES = {"core_questionnaires", "core_questionnaire_submissions"}


async def _tables(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return TABLES & set(await connection.run_sync(lambda c: sa.inspect(c).get_table_names()))


async def test_core_0013_adds_and_removes_the_questionnaire_tables(
    fresh_url: str,  # noqa: F811
) -> None:
    settings = Settings(database_url=fresh_url, programs=(), token_secret=TOKEN_SECRET, environ={})
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    try:
        await _step(database, config, command.upgrade, "core_0013")
        upgraded = await _tables(database)
        # One step down, whichever revision the chain puts before this one.
        await _step(database, config, command.downgrade, "-1")
        downgraded = await _tables(database)
        await _step(database, config, command.upgrade, "core@head")
        again = await _tables(database)
    finally:
        await database.dispose()

    assert (upgraded, downgraded, again) == (TABLES, set(), TABLES)
