"""Several stateless workers on one PostgreSQL database, started as README and
docs/deployment.md start them (``peerlearn serve --workers 2``): both workers answer; a
capacity holds under a burst spread over both; an ``Idempotency-Key`` is answered again by the
worker that did not run it, and takes effect once when sent to both at once; a deactivation
reaches the other worker within its viewer cache; each worker learns a persisted query from
its own client. tests/workers_support.py says how the worker that answered is known.
"""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from core.db import Database
from core.graphql.relay import from_global_id
from core.groups.models import Membership, MembershipStatus
from core.idempotency.service import KEY_IN_USE
from core.migrate import upgrade
from core.plugin_host import load_registry
from core.settings import Settings
from core.tokens import mint_token
from tests.conftest import BACKENDS, TOKEN_SECRET, add_platform_admin, fresh_database
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.people_accounts_support import DEACTIVATE_PERSON
from tests.workers_support import Served, answered, children, connections, serve_workers, worker_of

WORKERS = 2
CAPACITY = 3
CLIENTS = 20
VIEWER_CACHE_SECONDS = 1.0  # the server's PEERLEARN_VIEWER_CACHE_SECONDS (5 by default)

JOIN = """
mutation Join($input: JoinGroupInput!) {
  joinGroup(input: $input) { membership { status person { id } } errors { code } }
}"""

ME = "query Me { me { id } }"


@pytest.fixture(params=BACKENDS)
async def postgres_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param != "postgresql":
        pytest.skip("several servers share one database on PostgreSQL; SQLite is one process")
    async for url in fresh_database(request.param, tmp_path):
        yield url


@pytest.fixture
async def server(postgres_url: str, tmp_path: Path) -> AsyncIterator[Server]:
    """``peerlearn serve --workers 2`` on a database migrated for core alone, with a platform
    admin whose client makes what each check needs."""
    settings = Settings(database_url=postgres_url, programs=(), environ={})
    database = Database.from_settings(settings)
    await upgrade(database, load_registry(settings))
    admin = await add_platform_admin(database)
    cache = {"PEERLEARN_VIEWER_CACHE_SECONDS": str(VIEWER_CACHE_SECONDS)}
    try:
        async with (
            serve_workers(postgres_url, tmp_path, WORKERS, cache) as served,
            httpx.AsyncClient(base_url=served.url, timeout=30) as http,
        ):
            yield Server(served, database, Factory(GraphQLClient(http, _auth(admin))))
    finally:
        await database.dispose()


@dataclass
class Server:
    served: Served
    database: Database
    make: Factory


async def _members(database: Database, group: str) -> list[tuple[int, MembershipStatus]]:
    """Every place held in the group, whatever its state, read from the database."""
    async with database.read() as session:
        found = await session.execute(
            select(Membership.person_id, Membership.status).where(
                Membership.group_id == from_global_id(group)[1]
            )
        )
        return sorted((row.person_id, row.status) for row in found)


def _active(*people: str) -> list[tuple[int, MembershipStatus]]:
    return sorted((from_global_id(person)[1], MembershipStatus.ACTIVE) for person in people)


async def _group(server: Server, people: int) -> tuple[str, list[str]]:
    """A core group of ``CAPACITY`` places in a new organization, and ``people`` of its
    members, who may join it."""
    organization = await server.make.organization()
    group = await server.make.group(kind="core.group", capacity=CAPACITY, organization=organization)
    made = (server.make.person(organization=organization) for _ in range(people))
    return group, list(await asyncio.gather(*made))


def _join(group: str, person: str) -> dict[str, Any]:
    return {"query": JOIN, "variables": {"input": {"groupId": group, "personId": person}}}


async def test_serve_workers_share_nothing_but_the_postgresql_database(server: Server) -> None:
    """One test, so one server: each test of a module could otherwise start its own on
    another worker of the suite (pytest-xdist 3.8 ignores ``xdist_group`` on pytest 9:
    pytest-dev/pytest-xdist#1386)."""
    await _each_worker_answers(server)
    await _a_capacity_holds_under_a_burst_through_both(server)
    await _a_key_is_replayed_by_the_other_worker(server)
    await _a_key_sent_to_both_at_once_takes_effect_once(server)
    await _a_deactivation_reaches_the_other_worker_within_its_viewer_cache(server)
    await _a_persisted_query_is_learnt_by_each_worker_from_its_client(server)


async def _each_worker_answers(server: Server) -> None:
    async with AsyncExitStack() as stack:
        held = await connections(server.served, 1, stack)

    assert len(server.served.workers) == WORKERS
    assert set(held) == set(server.served.workers) <= children(server.served.process.pid)
    assert not [m for m in server.served.said if "died" in m or "not ready" in m], (
        server.served.said
    )


async def _a_capacity_holds_under_a_burst_through_both(server: Server) -> None:
    group, people = await _group(server, CLIENTS)

    async with AsyncExitStack() as stack:
        held = await connections(server.served, CLIENTS // WORKERS, stack)
        clients = [client for each in held.values() for client in each]
        before = answered(server.served.metrics)
        responses = await asyncio.gather(
            *(
                client.post("/graphql", json=_join(group, person), headers=_auth(person))
                for client, person in zip(clients, people, strict=True)
            )
        )

    payloads = [r.json()["data"]["joinGroup"] for r in responses]
    joined = [p["membership"]["person"]["id"] for p in payloads if not p["errors"]]
    refused = [e["code"] for p in payloads for e in p["errors"]]
    assert [r.status_code for r in responses] == [200] * CLIENTS
    assert len(joined) == CAPACITY
    assert refused == ["CORE-GROUP-CAPACITY"] * (CLIENTS - CAPACITY)
    assert await _members(server.database, group) == _active(*joined)
    served = answered(server.served.metrics) - before
    assert {pid for pid, operation in served if operation == "Join"} == set(server.served.workers)
    assert sum(served.values()) == CLIENTS


async def _a_key_is_replayed_by_the_other_worker(server: Server) -> None:
    group, (person,) = await _group(server, 1)
    headers = {**_auth(person), "Idempotency-Key": "join-once"}

    async with AsyncExitStack() as stack:
        (first_worker, first), (other_worker, other) = (
            await connections(server.served, 1, stack)
        ).items()
        ran_on, answer = await worker_of(
            lambda: first[0].post("/graphql", json=_join(group, person), headers=headers),
            server.served.metrics,
        )
        replayed_on, replay = await worker_of(
            lambda: other[0].post("/graphql", json=_join(group, person), headers=headers),
            server.served.metrics,
        )

    assert (ran_on, replayed_on) == (first_worker, other_worker)
    assert answer.status_code == replay.status_code == 200
    assert answer.json()["data"]["joinGroup"]["membership"]["status"] == "ACTIVE"
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in answer.headers
    assert replay.content == answer.content
    assert await _members(server.database, group) == _active(person)


async def _a_key_sent_to_both_at_once_takes_effect_once(server: Server) -> None:
    group, (person,) = await _group(server, 1)
    headers = {**_auth(person), "Idempotency-Key": "join-at-once"}

    async with AsyncExitStack() as stack:
        held = (await connections(server.served, 1, stack)).values()
        answers = await asyncio.gather(
            *(each.post("/graphql", json=_join(group, person), headers=headers) for (each,) in held)
        )

    replayed = [a for a in answers if a.headers.get("Idempotent-Replayed") == "true"]
    ran = [a for a in answers if a not in replayed]
    joined = [a for a in ran if (a.json()["data"] or {}).get("joinGroup")]
    assert len(joined) == 1, [a.text for a in answers]
    assert all(a.content == joined[0].content for a in replayed)
    assert [_codes(a) for a in ran if a not in joined] in ([], [[KEY_IN_USE]])
    assert await _members(server.database, group) == _active(person)


async def _a_deactivation_reaches_the_other_worker_within_its_viewer_cache(server: Server) -> None:
    """A worker reuses a signed-in person for ``PEERLEARN_VIEWER_CACHE_SECONDS`` and forgets
    them when it commits a write itself; another worker's write reaches it once those seconds
    are over, never later."""
    _, (person,) = await _group(server, 1)
    deactivate = {"query": DEACTIVATE_PERSON, "variables": {"input": {"personId": person}}}

    async with AsyncExitStack() as stack:
        (here,), (there,) = (await connections(server.served, 1, stack)).values()
        before = await there.post("/graphql", json={"query": ME}, headers=_auth(person))
        cached_until = time.monotonic() + VIEWER_CACHE_SECONDS  # at the latest
        await here.post("/graphql", json=deactivate, headers=server.make.gql.headers)
        at_once = await here.post("/graphql", json={"query": ME}, headers=_auth(person))
        while True:
            sent = time.monotonic()
            later = await there.post("/graphql", json={"query": ME}, headers=_auth(person))
            if later.status_code != 200 or sent > cached_until:
                break
            await asyncio.sleep(0.02)

    assert before.json()["data"]["me"]["id"] == person
    assert at_once.status_code == later.status_code == 401, later.text
    assert _codes(at_once) == _codes(later) == ["CORE-PERSON-DEACTIVATED"]


async def _a_persisted_query_is_learnt_by_each_worker_from_its_client(server: Server) -> None:
    """Each worker keeps its own persisted queries: one that does not know a hash says so,
    and the client's usual second request, with the text, teaches it."""
    query = "query Slugs { programs { slug } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    hashed = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}

    async with AsyncExitStack() as stack:
        (here,), (there,) = (await connections(server.served, 1, stack)).values()
        taught = await here.post("/graphql", json={**hashed, "query": query})
        known = await here.post("/graphql", json=hashed)
        unknown = await there.post("/graphql", json=hashed)
        retried = await there.post("/graphql", json={**hashed, "query": query})

    assert known.json() == retried.json() == taught.json()
    assert "errors" not in taught.json()
    assert _codes(unknown) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_peerlearn_command_imports_nothing_of_the_service_until_a_command_runs() -> None:
    """Each worker of ``serve --workers`` imports the ``peerlearn`` script before uvicorn's
    health check answers in it (core.commands says why that must stay light)."""
    heavy = ("core.", "sqlalchemy", "strawberry", "alembic", "uvicorn", "pydantic")
    listed = "import sys, core.cli; print(sorted(m for m in sys.modules if m.startswith(HEAVY)))"
    shown = subprocess.run(
        [sys.executable, "-c", listed.replace("HEAVY", repr(heavy))],
        capture_output=True,
        check=True,
        text=True,
    )

    assert shown.stdout.strip() == "['core.cli']"


def _auth(person: int | str) -> dict[str, str]:
    pk = person if isinstance(person, int) else from_global_id(person)[1]
    return {"Authorization": f"Bearer {mint_token(TOKEN_SECRET, pk, timedelta(hours=1))}"}


def _codes(answer: httpx.Response) -> list[str]:
    return [e["extensions"]["code"] for e in answer.json().get("errors") or []]
