"""Database access: the declarative base, the engine and transaction scopes.

One transaction per mutation: services receive an ``AsyncSession`` from :meth:`Database.write`
and never commit themselves. Reads open their own short session per resolver or DataLoader, so
no session is ever shared by resolvers strawberry runs concurrently.

SQLite is made safe for concurrent writers the way its documentation recommends: WAL, a busy
timeout, and write transactions that take the write lock up front (``BEGIN IMMEDIATE``), so two
writers never both read and then deadlock on upgrade. On PostgreSQL the same code relies on row
locks (``SELECT ... FOR UPDATE``), which SQLite ignores and does not need.

Writers are admitted before they take a pooled connection (:meth:`Database.write`): one at a
time on SQLite, where only one can hold the write lock anyway, and at most ``db_pool_size`` of
the pool's twice that on PostgreSQL. Writers waiting on a lock therefore never hold every
connection, and reads and readiness checks keep answering while writes queue.

A connection that cannot write is never kept: one opened while the database was read-only
(a write-protected SQLite file, a PostgreSQL standby or read-only default) is discarded when it
is returned, and one that meets a read-only or I/O error is invalidated with its pool (see
:mod:`core.db_faults`). Once the database can be written again, the next write succeeds without
a restart.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Enum, Integer, MetaData, event
from sqlalchemy.engine import Connection, Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from core.db_faults import ReadOnly, discard_connections_that_cannot_write, probe_writable
from core.errors import ServiceUnavailable
from core.settings import Settings

_WRITE_OPTION = "peerlearn_write"
# How long a PostgreSQL writer waits for a writer slot: SQLAlchemy's own pool timeout.
_POSTGRES_WRITER_WAIT_S = 30.0

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on both databases: stored as UTC, returned aware.

    SQLite has no time zone type, so without this a value read back is naive."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; peerlearn stores aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Hundredths(TypeDecorator[Decimal]):
    """Credits and hours as exact decimals with two places, stored as whole hundredths.

    An integer column sums exactly in SQL on SQLite too, where NUMERIC is a float."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * 100
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than two decimal places")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(value) / 100).quantize(Decimal("0.01"))


class Base(DeclarativeBase):
    """Declarative base shared by core and program models (one metadata for foreign keys)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), Decimal: Hundredths()}


def string_enum(kind: type[enum.StrEnum]) -> Enum:
    """Enums stored as plain strings (their values): portable, and no database enum type."""
    return Enum(
        kind,
        native_enum=False,
        create_constraint=False,
        length=max(len(m.value) for m in kind),
        values_callable=lambda members: [m.value for m in members],
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


def create_engine(settings: Settings) -> AsyncEngine:
    """Statement parameters (emails, names) are left out of the database's error messages, so
    a logged error carries no personal data."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        engine = _create_async_engine(
            url,
            connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000},
            hide_parameters=True,
        )
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms)
    else:
        # A lock held elsewhere (a long transaction, a migration) bounds a statement's wait as
        # SQLite's busy timeout does: past it the request answers 503 (is_database_down).
        lock_timeout = {"lock_timeout": str(settings.db_lock_timeout_ms)}
        engine = _create_async_engine(
            url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_pool_size,
            pool_pre_ping=True,
            hide_parameters=True,
            connect_args={"server_settings": lock_timeout},
        )
    discard_connections_that_cannot_write(engine, settings.sqlite_busy_timeout_ms)
    return engine


def _configure_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (below) instead of the driver's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA foreign_keys=ON",
            f"PRAGMA busy_timeout={busy_timeout_ms}",
            "PRAGMA synchronous=NORMAL",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Database:
    """The engine plus the two ways in: a read session and a write transaction."""

    def __init__(self, engine: AsyncEngine, settings: Settings | None = None) -> None:
        settings = settings or Settings()
        self.engine = engine
        self._reads = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
        self._writes = async_sessionmaker(
            engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )
        self._busy_timeout_ms = settings.sqlite_busy_timeout_ms
        # The write transactions this process committed: a cache of what the database holds
        # (core.auth's signed-in viewers) is stale once the count moves.
        self.commits = 0
        sqlite = engine.dialect.name == "sqlite"
        self._writer_slots = asyncio.Semaphore(1 if sqlite else settings.db_pool_size)
        self._writer_wait_s = (
            settings.sqlite_busy_timeout_ms / 1000 if sqlite else _POSTGRES_WRITER_WAIT_S
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(create_engine(settings), settings)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reads; its transaction is rolled back when the block ends."""
        async with self._reads() as session:
            yield session

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """One write transaction: committed if the block succeeds, rolled back otherwise.

        The writer slot is taken before a connection is checked out, so waiting writers queue
        here rather than in the pool; the wait is bounded like SQLite's own busy wait."""
        try:
            async with asyncio.timeout(self._writer_wait_s):
                await self._writer_slots.acquire()
        except TimeoutError:
            raise ServiceUnavailable() from None
        try:
            async with self._writes() as session, session.begin():
                yield session
            self.commits += 1
        finally:
            self._writer_slots.release()

    async def check_writable(self) -> None:
        """Raise :class:`ReadOnly` if a write would be refused now, or the driver's error if
        the database cannot be reached. Never waits for another writer's lock."""
        async with self.engine.connect() as connection:
            writable = await connection.run_sync(probe_writable, self._busy_timeout_ms)
        if not writable:
            raise ReadOnly()

    async def dispose(self) -> None:
        await self.engine.dispose()
