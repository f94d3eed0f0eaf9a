"""Faults a new user met, each on SQLite and PostgreSQL: a database that refused writes for a
while, writers queued behind another writer's lock, a database that went away, and one killed
or locked in the middle of a mutation (tests/faults_support.py makes them happen).

The fault tests build their own app and engine on the suite's database (small pool, short busy
timeout), so a fault they cause never reaches the shared engine the other tests use.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from core.app import create_app
from core.db import Database
from core.people import service as directory
from core.people.models import Organization
from core.settings import Settings
from core.tokens import mint_token
from tests.conftest import TOKEN_SECRET
from tests.factories import CREATE_ORGANIZATION, Factory, unique
from tests.faults_support import (
    ORGANIZATIONS,
    Attendance,
    Service,
    connection_killed_after_first,
    count_rows,
    read_only_spell,
    serving,
    write_lock_held_elsewhere,
)
from tests.graphql_client import GraphQLClient

WAITING_WRITERS = 16  # more than SQLite's default pool (5 + 10) and the PostgreSQL pool here
PROMPT_S = 2.0
LOCK_WAIT_BOUND_S = 15.0  # far past the impatient service's 0.3 s: only a wait without end fails
T = TypeVar("T")


@pytest.fixture
async def service(
    settings: Settings, database: Database, platform_admin: int
) -> AsyncIterator[Service]:
    """Waits for locks long enough for a queue of writers to pass (``database`` migrates)."""
    async with serving(settings, platform_admin, sqlite_busy_timeout_ms=10_000) as service:
        yield service


@pytest.fixture
async def impatient_service(
    settings: Settings, database: Database, platform_admin: int
) -> AsyncIterator[Service]:
    """Gives up on a lock held elsewhere after a fraction of a second."""
    async with serving(
        settings, platform_admin, sqlite_busy_timeout_ms=300, db_lock_timeout_ms=300
    ) as service:
        yield service


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
    assert await count_rows(database, Organization, Organization.name == name) == 0


def assert_unavailable(response: httpx.Response | None) -> None:
    assert response is not None, "the request waited past its timeout"
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "5"
    assert code_of(response) == "SERVICE_UNAVAILABLE"


async def test_mutation_whose_connection_dies_mid_transaction_is_503_and_writes_nothing(
    service: Service, make: Factory
) -> None:
    attendance = await Attendance.of_new_person(make)

    async with connection_killed_after_first(service.database, "core_participations"):
        cut_off = await attendance.send(service)
    written = await attendance.rows_written(service.database)
    retried = await attendance.send(service)

    assert_unavailable(cut_off)
    assert written == [0, 0, 0]
    assert payload_errors(retried) == []
    assert await attendance.rows_written(service.database) == [1, 1, 1]


async def test_mutation_meeting_a_lock_held_past_its_timeout_is_503_and_writes_nothing(
    impatient_service: Service, make: Factory
) -> None:
    """PostgreSQL: the audit trail's table is locked, so the mutation's last INSERT waits,
    after its participation and credit entry, past ``db_lock_timeout_ms``. SQLite: another
    writer's lock outlasts the busy timeout; the mutation takes the lock up front (``BEGIN
    IMMEDIATE``), so there it is refused before its first statement, never midway."""
    service = impatient_service
    attendance = await Attendance.of_new_person(make)

    async with write_lock_held_elsewhere(service.database, "core_audit_events"):
        refused = await within(LOCK_WAIT_BOUND_S, attendance.send(service))
        written = await attendance.rows_written(service.database)
    retried = await attendance.send(service)

    assert_unavailable(refused)
    assert written == [0, 0, 0]
    assert payload_errors(retried) == []
