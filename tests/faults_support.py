"""Faults for tests/test_faults.py: the service on its own engine, and what befalls its
database (read-only for a while, locked by another writer, a connection killed mid-transaction).
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
from sqlalchemy import ColumnElement, event, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.util import await_only

from core.activities.models import Participation
from core.app import create_app
from core.audit.models import AuditEvent
from core.credits.models import CreditEntry
from core.db import Base, Database
from core.graphql.relay import from_global_id
from core.settings import Settings
from core.tokens import mint_token
from tests.conftest import TOKEN_SECRET
from tests.factories import CREATE_ORGANIZATION, RECORD_PARTICIPATION, Factory, unique

ORGANIZATIONS = "{ organizations(first: 1) { edges { node { id } } } }"


@dataclass
class Service:
    http: httpx.AsyncClient
    database: Database
    admin: dict[str, str]

    async def read(self) -> httpx.Response:
        return await self.http.post("/graphql", json={"query": ORGANIZATIONS})

    async def create_organization(self, name: str | None = None) -> httpx.Response:
        variables = {"input": {"name": name or unique("Org"), "kind": "clinic"}}
        query = {"query": CREATE_ORGANIZATION, "variables": variables}
        return await self.http.post("/graphql", json=query, headers=self.admin)


@asynccontextmanager
async def serving(
    settings: Settings, platform_admin: int, **changes: Any
) -> AsyncIterator[Service]:
    """An app with its own engine, settings ``changes`` made, on the suite's database."""
    own = settings.replace(db_pool_size=2, **changes)
    own_database = Database.from_settings(own)
    app = create_app(own, database=own_database)
    token = mint_token(TOKEN_SECRET, platform_admin, timedelta(hours=1))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://faults.test") as http:
            yield Service(http, own_database, {"Authorization": f"Bearer {token}"})
    finally:
        await own_database.dispose()


def postgres_dsn(database: Database) -> str:
    url = database.engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


@asynccontextmanager
async def read_only_spell(database: Database) -> AsyncIterator[None]:
    """Inside the block the database refuses writes, as the service meets it: connections
    opened then are read-only for life (the pool is emptied first, as a restart or reconnect
    during the spell would). SQLite: connections open with ``mode=ro``, which is what SQLite
    does by itself with a write-protected file; chmod cannot show it, as these tests run as
    root. PostgreSQL: the database's ``default_transaction_read_only``, as on a standby."""
    engine = database.engine
    if database.dialect == "sqlite":

        def open_read_only(_dialect: Any, _record: Any, cargs: list[Any], cparams: Any) -> None:
            cargs[0] = f"file:{cargs[0]}?mode=ro"
            cparams["uri"] = True

        event.listen(engine.sync_engine, "do_connect", open_read_only)
        await engine.dispose()
        try:
            yield
        finally:
            event.remove(engine.sync_engine, "do_connect", open_read_only)
        return
    admin = await asyncpg.connect(postgres_dsn(database))
    name = engine.url.database
    try:
        await admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        await engine.dispose()
        yield
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
        await admin.close()


@asynccontextmanager
async def write_lock_held_elsewhere(
    database: Database, table: str = "core_organizations"
) -> AsyncIterator[None]:
    """Another connection holds what a write to ``table`` needs: SQLite's write lock, or on
    PostgreSQL an EXCLUSIVE lock on the table (writes wait, reads do not)."""
    if database.dialect == "sqlite":
        other = sqlite3.connect(str(database.engine.url.database), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    other = await asyncpg.connect(postgres_dsn(database))
    transaction = other.transaction()
    await transaction.start()
    try:
        await other.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        yield
    finally:
        await transaction.rollback()
        await other.close()


@asynccontextmanager
async def connection_killed_after_first(database: Database, table: str) -> AsyncIterator[None]:
    """Inside the block, the first statement that inserts into ``table`` is the last its
    connection runs: right after it the connection dies, mid-transaction, as when PostgreSQL
    is restarted or an operator ends the session (``pg_terminate_backend`` from another
    connection), or SQLite's connection is closed under the service."""
    killer = await asyncpg.connect(postgres_dsn(database)) if database.dialect != "sqlite" else None
    fired = False

    def kill(connection: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        nonlocal fired
        if fired or not statement.startswith(f"INSERT INTO {table} "):
            return
        fired = True
        driver = connection.connection.driver_connection
        if killer is None:
            await_only(driver.close())
        else:
            await_only(
                killer.execute("SELECT pg_terminate_backend($1, 5000)", driver.get_server_pid())
            )

    event.listen(database.engine.sync_engine, "after_cursor_execute", kill)
    try:
        yield
    finally:
        event.remove(database.engine.sync_engine, "after_cursor_execute", kill)
        if killer is not None:
            await killer.close()
    assert fired, f"no INSERT INTO {table} was made"


@dataclass
class Attendance:
    """A recordParticipation request: it writes a participation, a credit entry and, last, an
    audit event, each an INSERT of its own in one transaction."""

    body: dict[str, Any]
    person: int

    @classmethod
    async def of_new_person(cls, make: Factory) -> Attendance:
        activity, person = await make.activity(hours=2), await make.person()
        variables = {"input": {"activityId": activity, "personId": person, "hours": "2"}}
        return cls(
            {"query": RECORD_PARTICIPATION, "variables": variables}, from_global_id(person)[1]
        )

    async def send(self, service: Service) -> httpx.Response:
        return await service.http.post("/graphql", json=self.body, headers=service.admin)

    async def rows_written(self, database: Database) -> list[int]:
        """The participation, credit entry and audit event rows it wrote."""
        return [
            await count_rows(database, Participation, Participation.person_id == self.person),
            await count_rows(database, CreditEntry, CreditEntry.person_id == self.person),
            await count_rows(
                database,
                AuditEvent,
                AuditEvent.person_id == self.person,
                AuditEvent.action == "recordParticipation",
            ),
        ]


async def count_rows(database: Database, model: type[Base], *where: ColumnElement[bool]) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0
