"""The learning collaborative's Alembic branch upgrades after core, and downgrades step by step
to nothing, on SQLite and PostgreSQL: its tables come and go with it, core's stay."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from core.db import Database
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from tests.migration_support import TOKEN_SECRET
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)
from tests.test_credit_reports_migration import _alembic

LC = "learning_collaborative"


async def _tables(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        names = await connection.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
    return {n for n in names if n.startswith(f"{LC}_")}


async def test_lc_migrations_upgrade_and_downgrade(fresh_url: str) -> None:  # noqa: F811
    settings = Settings(
        database_url=fresh_url, programs=(LC,), token_secret=TOKEN_SECRET, environ={}
    )
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    try:
        await _alembic(database, config, command.upgrade, "core@head", f"{LC}@head")
        upgraded = await _tables(database)
        await _alembic(database, config, command.downgrade, f"{LC}_0001")
        first_only = await _tables(database)
        await _alembic(database, config, command.downgrade, f"{LC}@base")
        none = await _tables(database)
    finally:
        await database.dispose()

    assert f"{LC}_assessments" in upgraded
    assert f"{LC}_charter_measures" in first_only
    assert f"{LC}_assessments" not in first_only
    assert none == set()
