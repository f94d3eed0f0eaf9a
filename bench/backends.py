"""Fresh databases for one run: a temporary SQLite file, or a PostgreSQL database created on the
server and dropped afterwards. Both are migrated with every installed program enabled, so the
roster's credit totals and the write burst's awards run through the programs a deployment has."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.db import Database
from core.migrate import upgrade
from core.plugin_host import load_registry
from core.registry import Registry
from core.settings import Settings

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
BENCH_SECRET = "peerlearn-bench-secret-" + "b" * 32


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server could not be reached; the run goes on with SQLite only."""


@asynccontextmanager
async def sqlite_url() -> AsyncIterator[str]:
    with tempfile.TemporaryDirectory(prefix="peerlearn-bench-") as directory:
        yield f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"


@asynccontextmanager
async def postgres_url(server_url: str) -> AsyncIterator[str]:
    """A new database on the server ``server_url`` names, dropped when the block ends."""
    url = make_url(server_url)
    try:
        admin = await asyncpg.connect(
            url.set(drivername="postgresql").render_as_string(hide_password=False), timeout=5
        )
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        raise PostgresUnavailable(f"{url.host}:{url.port}: {error}") from error
    name = f"peerlearn_bench_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def bench_settings(database_url: str) -> Settings:
    """Every installed program, the bench's token secret, nothing read from the environment."""
    return Settings(database_url=database_url, token_secret=BENCH_SECRET, environ={})


def server_environment(database_url: str) -> dict[str, str]:
    """The same settings for a server started as a subprocess (``peerlearn serve``)."""
    return {
        "PEERLEARN_DATABASE_URL": database_url,
        "PEERLEARN_TOKEN_SECRET": BENCH_SECRET,
        "PEERLEARN_LOG_LEVEL": "WARNING",
    }


@asynccontextmanager
async def migrated(settings: Settings) -> AsyncIterator[tuple[Database, Registry]]:
    """The database at ``settings.database_url`` brought to every program's newest revision."""
    registry = load_registry(settings)
    database = Database.from_settings(settings)
    try:
        await upgrade(database, registry)
        yield database, registry
    finally:
        await database.dispose()


async def analyze(database: Database) -> None:
    """Planner statistics after the bulk load, as a deployment's autovacuum would have them."""
    async with database.engine.connect() as conn:
        await conn.execute(text("ANALYZE"))
        await conn.commit()
