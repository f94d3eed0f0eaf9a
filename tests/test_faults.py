"""Faults a new user met, each on SQLite and PostgreSQL: a database that refused writes for a
while, writers queued behind another writer's lock, and a database that went away.

The fault tests build their own app and engine on the suite's database (small pool, short busy
timeout), so a fault they cause never reaches the shared engine the other tests use.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from core.app import create_app
from core.db import Database
from core.people import service as directory
from core.people.models import Organization
from core.settings import Settings
from core.tokens import mint_token
from tests.conftest import TOKEN_SECRET
from tests.factories import CREATE_ORGANIZATION, unique
from tests.graphql_client import GraphQLClient

ORGANIZATIONS = "{ organizations(first: 1) { edges { node { id } } } }"
WAITING_WRITERS = 16  # more than SQLite's default pool (5 + 10) and the PostgreSQL pool here
PROMPT_S = 2.0
T = TypeVar("T")


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


@pytest.fixture
async def service(
    settings: Settings, database: Database, platform_admin: int
) -> AsyncIterator[Service]:
    """An app with its own engine on the suite's (migrated) database."""
    own = settings.replace(sqlite_busy_timeout_ms=10_000, db_pool_size=2)
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
async def write_lock_held_elsewhere(database: Database) -> AsyncIterator[None]:
    """Another connection holds what an organization write needs: SQLite's write lock, or on
    PostgreSQL an EXCLUSIVE lock on the organizations table (writes wait, reads do not)."""
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
        await other.execute("LOCK TABLE core_organizations IN EXCLUSIVE MODE")
        yield
    finally:
        await transaction.rollback()
        await other.close()


async def within(seconds: float, awaitable: Awaitable[T]) -> T | None:
    """The result, or None if it took longer than ``seconds``."""
    try:
        return await asyncio.wait_for(awaitable, seconds)
    except TimeoutError:
        return None


def code_of(response: httpx.Response) -> str | None:
    assert "Traceback" not in response.text
    (error,) = response.json()["errors"]
    return (error.get("extensions") or {}).get("code")


def payload_errors(response: httpx.Response) -> list[Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    return payload["errors"]


async def organizations_named(database: Database, name: str) -> int:
    async with database.read() as session:
        query = select(func.count()).where(Organization.name == name)
        return await session.scalar(query) or 0


async def test_readyz_is_503_while_database_refuses_writes(service: Service) -> None:
    async with read_only_spell(service.database):
        during = await service.http.get("/readyz")
    after = await service.http.get("/readyz")

    assert during.status_code == 503
    assert during.json() == {"status": "unavailable", "reason": "the database refuses writes"}
    assert after.status_code == 200


async def test_writes_recover_without_restart_after_read_only_spell(service: Service) -> None:
    async with read_only_spell(service.database):
        read = await service.read()
        refused = await service.create_organization()
    accepted = await service.create_organization()

    assert read.status_code == 200
    assert "errors" not in read.json()
    assert refused.status_code == 503
    assert code_of(refused) == "SERVICE_UNAVAILABLE"
    assert payload_errors(accepted) == []


async def test_reads_and_readyz_answer_while_writers_wait(service: Service) -> None:
    async with write_lock_held_elsewhere(service.database):
        writes = asyncio.gather(*(service.create_organization() for _ in range(WAITING_WRITERS)))
        await asyncio.sleep(0.5)  # every writer is waiting by now
        writers_waited = not writes.done()
        read = await within(PROMPT_S, service.read())
        ready = await within(PROMPT_S, service.http.get("/readyz"))
    written = await asyncio.wait_for(writes, timeout=10)

    assert writers_waited
    assert read is not None, "a read waited behind the writers"
    assert "errors" not in read.json()
    assert ready is not None, "/readyz waited behind the writers"
    assert ready.status_code == 200
    assert [payload_errors(w) for w in written] == [[]] * WAITING_WRITERS


@pytest.mark.parametrize(
    "unreachable_url",
    [
        "sqlite+aiosqlite:////nonexistent-peerlearn-dir/x.db",
        "postgresql+asyncpg://postgres@127.0.0.1:1/nothing",
    ],
    ids=["sqlite", "postgresql"],
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["resolver", "sign-in"])
async def test_service_unavailable_is_503_with_retry_after(
    unreachable_url: str, signed_in: bool
) -> None:
    """Whether sign-in (a bearer token) or a resolver (anonymous) met the database down."""
    settings = Settings(
        database_url=unreachable_url, programs=(), token_secret=TOKEN_SECRET, environ={}
    )
    app = create_app(settings)
    token = mint_token(TOKEN_SECRET, 1, timedelta(hours=1))
    headers = {"Authorization": f"Bearer {token}"} if signed_in else {}
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://down.test") as http:
            response = await http.post("/graphql", json={"query": ORGANIZATIONS}, headers=headers)
    finally:
        await app.state.database.dispose()

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert code_of(response) == "SERVICE_UNAVAILABLE"
    assert "nonexistent" not in response.text
    assert "127.0.0.1" not in response.text


async def test_mutation_cut_off_by_database_is_503_and_writes_nothing(
    gql: GraphQLClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service writes, then the connection is lost, as a driver reports it."""
    real = directory.create_organization

    async def lose_connection_after_writing(*args: Any, **kwargs: Any) -> Organization:
        await real(*args, **kwargs)
        raise OperationalError("INSERT ...", None, ConnectionResetError("connection lost"))

    monkeypatch.setattr(directory, "create_organization", lose_connection_after_writing)
    name = unique("Org")
    variables = {"input": {"name": name, "kind": "clinic"}}

    response = await gql.http.post(
        "/graphql",
        json={"query": CREATE_ORGANIZATION, "variables": variables},
        headers=gql.headers,
    )

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert code_of(response) == "SERVICE_UNAVAILABLE"
    assert "connection lost" not in response.text
    assert await organizations_named(database, name) == 0
