"""Migrations ``core_0023``, ``learning_collaborative_0003`` and ``psp_sgls_0003``: the
``version`` of records edited by hand (``core.versions``) comes with an upgrade and goes with a
downgrade, on SQLite and PostgreSQL, and rows written before it start at version 1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from core.db import Database
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from tests.conftest import TOKEN_SECRET
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)
from tests.test_credit_reports_migration import _alembic

ORGANIZATION = (
    "INSERT INTO core_organizations (id, name, kind, created_at) "
    "VALUES (1, 'Office', 'office', CURRENT_TIMESTAMP)"
)


@dataclass(frozen=True)
class Versioned:
    branch: str
    table: str
    before: str
    rows: tuple[str, ...] = ()

    @property
    def downgraded(self) -> str:
        """The branch back at the revision before the version."""
        return f"{self.branch}@{self.before}"

    @property
    def programs(self) -> tuple[str, ...]:
        return () if self.branch == "core" else (self.branch,)


PEOPLE = Versioned(
    "core",
    "core_people",
    "core_0022",
    (
        "INSERT INTO core_people (id, given_name, family_name, email, profession, created_at) "
        "VALUES (1, 'A', 'B', 'a@example.org', 'other', CURRENT_TIMESTAMP)",
        ORGANIZATION,
        "INSERT INTO core_role_assignments (id, person_id, organization_id, role, created_at) "
        "VALUES (1, 1, 1, 'member', CURRENT_TIMESTAMP)",
    ),
)
CALLS = Versioned(
    "learning_collaborative",
    "learning_collaborative_monthly_calls",
    "learning_collaborative_0002",
)
SERIES = Versioned(
    "psp_sgls",
    "psp_sgls_series",
    "psp_sgls_0002",
    (
        ORGANIZATION,
        "INSERT INTO psp_sgls_series (id, organization_id, title, theme, content, created_at) "
        "VALUES (1, 1, 'Team care', 'QI', '', CURRENT_TIMESTAMP)",
    ),
)


async def _has_version(database: Database, table: str) -> bool:
    async with database.engine.connect() as connection:
        columns = await connection.run_sync(lambda c: sa.inspect(c).get_columns(table))
    return "version" in {c["name"] for c in columns}


@asynccontextmanager
async def _migrating(url: str, versioned: Versioned) -> AsyncIterator[tuple[Database, Config]]:
    """A fresh database with the record's program, and the Alembic config that migrates it."""
    settings = Settings(
        database_url=url, programs=versioned.programs, token_secret=TOKEN_SECRET, environ={}
    )
    database = Database.from_settings(settings)
    try:
        yield database, alembic_config(load_registry(settings))
    finally:
        await database.dispose()


@pytest.mark.parametrize("versioned", [PEOPLE, CALLS, SERIES], ids=lambda v: v.branch)
async def test_version_column_comes_with_the_upgrade_and_goes_with_the_downgrade(
    fresh_url: str,  # noqa: F811
    versioned: Versioned,
) -> None:
    seen = []
    async with _migrating(fresh_url, versioned) as (database, config):
        for step, target in (
            (command.upgrade, "heads"),
            (command.downgrade, versioned.downgraded),
            (command.upgrade, "heads"),
        ):
            await _alembic(database, config, step, target)
            seen.append(await _has_version(database, versioned.table))

    assert seen == [True, False, True]


async def _count(database: Database, table: str) -> int:
    async with database.engine.connect() as connection:
        return int(await connection.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)


@pytest.mark.parametrize("versioned", [PEOPLE, SERIES], ids=lambda v: v.branch)
async def test_rows_written_before_the_version_start_at_1_and_outlive_the_downgrade(
    fresh_url: str,  # noqa: F811
    versioned: Versioned,
) -> None:
    async with _migrating(fresh_url, versioned) as (database, config):
        await _alembic(database, config, command.upgrade, versioned.before)
        async with database.engine.begin() as connection:
            for row in versioned.rows:
                await connection.execute(sa.text(row))
        await _alembic(database, config, command.upgrade, "heads")
        async with database.engine.connect() as connection:
            versions = await connection.execute(sa.text(f"SELECT version FROM {versioned.table}"))
            found = [tuple(r) for r in versions]
        await _alembic(database, config, command.downgrade, versioned.downgraded)
        kept = await _count(database, versioned.table)

    assert found == [(1,)]
    assert kept == 1
