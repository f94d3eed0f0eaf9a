"""Fresh databases for one run: a temporary SQLite file, or a PostgreSQL database created on the
server and dropped afterwards. Both are migrated with core's migrations only."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from core.db import Database
from core.migrate import upgrade
from core.plugin_host import load_registry
from core.registry import Registry
from core.settings import Settings

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@asynccontextmanager
async def sqlite_url() -> AsyncIterator[str]:
    with tempfile.TemporaryDirectory(prefix="peerlearn-bench-") as directory:
        yield f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"


@asynccontextmanager
async def postgres_url(server_url: str) -> AsyncIterator[str]:
    """A new database on the server ``server_url`` names, dropped when the block ends."""
    url = make_url(server_url)
    admin = await asyncpg.connect(
        url.set(drivername="postgresql").render_as_string(hide_password=False), timeout=5
    )
    name = f"peerlearn_bench_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


BENCH_SECRET = "peerlearn-bench-secret-" + "b" * 32


def core_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, programs=(), token_secret=BENCH_SECRET, environ={})


@asynccontextmanager
async def migrated(settings: Settings) -> AsyncIterator[tuple[Database, Registry]]:
    """The database at ``settings.database_url`` brought to core's newest revision."""
    registry = load_registry(settings)
    database = Database.from_settings(settings)
    try:
        await upgrade(database, registry)
        yield database, registry
    finally:
        await database.dispose()
