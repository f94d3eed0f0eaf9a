"""Migration ``core_0008``: organizations gain a parent with an upgrade and lose it with a
downgrade, on both databases, and upgrading again brings it back."""

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


async def _has_parent(database: Database) -> bool:
    async with database.engine.connect() as connection:
        columns = await connection.run_sync(
            lambda c: sa.inspect(c).get_columns("core_organizations")
        )
    return "parent_id" in {c["name"] for c in columns}


async def test_core_0008_adds_and_removes_the_organization_parent(
    fresh_url: str,  # noqa: F811
) -> None:
    settings = Settings(database_url=fresh_url, programs=(), token_secret=TOKEN_SECRET, environ={})
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    steps = [
        (command.upgrade, "core_0008"),
        (command.downgrade, "core_0008-1"),
        (command.upgrade, "core@head"),
    ]
    has_parent = []
    try:
        for step, target in steps:
            await _step(database, config, step, target)
            has_parent.append(await _has_parent(database))
    finally:
        await database.dispose()

    assert has_parent == [True, False, True]
