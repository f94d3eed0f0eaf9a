"""Connections that cannot write are not kept, so the service recovers from a read-only
database by itself.

SQLite opens a write-protected file read-only without complaint, and a PostgreSQL connection
opened on a standby or under ``default_transaction_read_only`` is read-only for its whole life.
A pool that keeps such connections keeps refusing writes after the database is writable again,
until a restart. So every new connection is probed once; one that cannot write serves the
request that opened it (reads work) and is discarded when returned. A connection that meets a
read-only or I/O error later (the file was replaced, the disk failed, the server was demoted)
is treated as disconnected: SQLAlchemy invalidates it and the rest of its pool.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, ExceptionContext
from sqlalchemy.ext.asyncio import AsyncEngine

SQLITE_BUSY = 5
_SQLITE_CANNOT_WRITE = frozenset({8, 10, 14})  # SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN
POSTGRES_READ_ONLY_TRANSACTION = "25006"
_READ_ONLY = "peerlearn_read_only"


class ReadOnly(Exception):
    """The database answers but refuses writes."""


def cannot_write(error: BaseException | None) -> bool:
    """A driver error saying this connection cannot write, as opposed to a refused statement."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_CANNOT_WRITE
    return getattr(error, "sqlstate", None) == POSTGRES_READ_ONLY_TRANSACTION


def discard_connections_that_cannot_write(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _probe_new(dbapi_connection: Any, record: Any) -> None:
        writable = _writable(dbapi_connection, engine.dialect.name, busy_timeout_ms)
        record.info[_READ_ONLY] = not writable

    @event.listens_for(sync_engine, "checkin")
    def _discard_read_only(_dbapi_connection: Any, record: Any) -> None:
        if record is not None and record.info.get(_READ_ONLY):
            # Soft: closed at its next checkout, inside the event loop, not here.
            record.invalidate(soft=True)

    @event.listens_for(sync_engine, "handle_error")
    def _invalidate_on_write_refusal(context: ExceptionContext) -> None:
        if cannot_write(context.original_exception):
            context.is_disconnect = True


def probe_writable(connection: Connection, busy_timeout_ms: int) -> bool:
    """Whether ``connection`` can write now (for ``run_sync``); a connection found read-only
    is discarded when returned, like one opened read-only."""
    dbapi_connection = connection.connection.dbapi_connection
    writable = _writable(dbapi_connection, connection.dialect.name, busy_timeout_ms)
    connection.info[_READ_ONLY] = not writable
    return writable


def _writable(dbapi_connection: Any, dialect: str, busy_timeout_ms: int) -> bool:
    if dialect == "sqlite":
        return _sqlite_writable(dbapi_connection, busy_timeout_ms)
    return _postgres_writable(dbapi_connection)


def _sqlite_writable(dbapi_connection: Any, busy_timeout_ms: int) -> bool:
    """Rewrites ``user_version`` with its own value and rolls back.

    ``BEGIN IMMEDIATE`` would not tell: a read-only connection begins one without complaint.
    A write does, and SQLite checks permission before the lock, so a read-only connection fails
    at once; with the busy timeout at zero, a writable connection whose lock another writer
    holds fails at once with BUSY instead of waiting for it."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA user_version")
        (version,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("BEGIN")
        try:
            cursor.execute(f"PRAGMA user_version={int(version)}")
        except Exception as error:  # the driver's own error classes
            code = getattr(error, "sqlite_errorcode", None)
            if code is None or not (code & 0xFF == SQLITE_BUSY or cannot_write(error)):
                raise
            return code & 0xFF == SQLITE_BUSY
        finally:
            dbapi_connection.rollback()
        return True
    finally:
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.close()


def _postgres_writable(dbapi_connection: Any) -> bool:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(
            "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'"
        )
        (read_only,) = cursor.fetchone()
    finally:
        cursor.close()
        dbapi_connection.rollback()
    return not read_only
