"""Several stateless workers on one PostgreSQL database, started as README and
docs/deployment.md start them (``peerlearn serve --workers 2``): both workers answer, a
capacity holds under a burst spread over both, and an ``Idempotency-Key`` is answered again by
the worker that did not run it.

Which worker answered a request is read from the metrics: under several workers each one
counts its requests in its own file of the run's metrics directory (``counter_<pid>.db``), so
the file a request adds one to names the worker. An HTTP/1.1 connection stays with the worker
that accepted it, so a client holding one connection, once its worker is known, sends there
whatever it sends next."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict
from sqlalchemy import select

from core.db import Database
from core.graphql.relay import from_global_id
from core.groups.models import Membership, MembershipStatus
from core.idempotency.service import KEY_IN_USE
from core.migrate import upgrade
from core.observability.metrics import MULTIPROC_DIR
from core.plugin_host import load_registry
from core.settings import Settings
from core.tokens import mint_token
from tests.conftest import BACKENDS, TOKEN_SECRET, add_platform_admin, fresh_database
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.people_accounts_support import DEACTIVATE_PERSON
from tests.token_support import cli_env

WORKERS = 2
CAPACITY = 3
CLIENTS = 20
STARTUP_SECONDS = 60.0  # a bound, not an expectation: a few seconds on an idle 2-core machine
FIND_SECONDS = 30.0  # a bound: under a second when the machine is idle
VIEWER_CACHE_SECONDS = 1.0  # the server's PEERLEARN_VIEWER_CACHE_SECONDS (5 by default)
HOST = "127.0.0.1"

JOIN = """
mutation Join($input: JoinGroupInput!) {
  joinGroup(input: $input) { membership { status person { id } } errors { code } }
}"""

ME = "query Me { me { id } }"


@dataclass
class Server:
    process: asyncio.subprocess.Process
    said: list[str]  # the messages of its log lines, as they come
    url: str
    workers: frozenset[int]
    metrics: Path
    database: Database
    make: Factory


@pytest.fixture(params=BACKENDS)
async def postgres_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param != "postgresql":
        pytest.skip("several servers share one database on PostgreSQL; SQLite is one process")
    async for url in fresh_database(request.param, tmp_path):
        yield url


@pytest.fixture
async def server(postgres_url: str, tmp_path: Path) -> AsyncIterator[Server]:
    """``peerlearn serve --workers 2`` on a free port, on a database migrated for core alone,
    with a platform admin; stopped afterwards, which must leave no metrics behind."""
    settings = Settings(database_url=postgres_url, programs=(), environ={})
    database = Database.from_settings(settings)
    await upgrade(database, load_registry(settings))
    admin = await add_platform_admin(database)
    port = _free_port()
    env = cli_env(
        PEERLEARN_DATABASE_URL=postgres_url,
        PEERLEARN_PROGRAMS="",
        PEERLEARN_TOKEN_SECRET=TOKEN_SECRET,
        PEERLEARN_LOG_LEVEL="INFO",
        PEERLEARN_LOG_FORMAT="json",
        PEERLEARN_VIEWER_CACHE_SECONDS=str(VIEWER_CACHE_SECONDS),
    )
    env.pop(MULTIPROC_DIR, None)
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("peerlearn")),  # README's command, this venv's
        *("serve", "--port", str(port), "--workers", str(WORKERS)),
        cwd=tmp_path,  # no developer's .env
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    said: list[str] = []
    reading = asyncio.create_task(_read_log(process, said))
    metrics = None
    try:
        workers = await _started(process, said)
        metrics = _metrics_dir(workers)
        url = f"http://{HOST}:{port}"
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            make = Factory(GraphQLClient(http, {"Authorization": f"Bearer {_token(admin)}"}))
            yield Server(process, said, url, workers, metrics, database, make)
    finally:
        process.terminate()
        code = await asyncio.wait_for(process.wait(), timeout=15)
        await reading
        await database.dispose()
    assert code == 0, said
    assert not metrics.exists(), "serve leaves its metrics directory behind"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _token(person: int | str) -> str:
    pk = person if isinstance(person, int) else from_global_id(person)[1]
    return mint_token(TOKEN_SECRET, pk, timedelta(hours=1))


async def _read_log(process: asyncio.subprocess.Process, said: list[str]) -> None:
    """Keeps the messages of the server's JSON log lines (reading also keeps its pipe open)."""
    assert process.stderr is not None
    async for line in process.stderr:
        if line.startswith(b"{"):
            said.append(str(json.loads(line).get("message", "")))


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started, read from /proc (as psutil would)."""
    return {
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    }


STARTED = "Started server process ["


async def _started(process: asyncio.subprocess.Process, said: list[str]) -> frozenset[int]:
    """The workers' PIDs, once each has said it started and finished its startup."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.returncode is None, f"peerlearn serve stopped: {said}"
        started = {int(m.removeprefix(STARTED).rstrip("]")) for m in said if m.startswith(STARTED)}
        if len(started) >= WORKERS and said.count("Application startup complete.") >= WORKERS:
            return frozenset(started & _children(process.pid))
        await asyncio.sleep(0.1)
    raise AssertionError(f"{WORKERS} workers did not start in {STARTUP_SECONDS} s: {said}")


def _metrics_dir(workers: frozenset[int]) -> Path:
    """The directory ``serve`` made for its workers' metrics, as each worker was given it."""
    (directory,) = {
        line.removeprefix(f"{MULTIPROC_DIR}=")
        for pid in workers
        for line in Path(f"/proc/{pid}/environ").read_text().split("\0")
        if line.startswith(f"{MULTIPROC_DIR}=")
    }
    return Path(directory)


def _answered(metrics: Path) -> Counter[tuple[int, str]]:
    """Requests answered so far, by worker PID and GraphQL operation (``""`` off /graphql)."""
    counts: Counter[tuple[int, str]] = Counter()
    for file in metrics.glob("counter_*.db"):
        pid = int(file.stem.removeprefix("counter_"))
        for key, value, *_ in MmapedDict.read_all_values_from_file(str(file)):
            _, name, labels, _ = json.loads(key)
            if name == "peerlearn_requests_total":
                counts[pid, labels["operation"]] += int(value)
    return counts


async def _worker_of(
    send: Callable[[], Awaitable[httpx.Response]], metrics: Path
) -> tuple[int, httpx.Response]:
    """Who answered ``send()``, the one request under way: the worker counts it just after
    answering, so its count is awaited briefly."""
    before = _answered(metrics)
    response = await send()
    for _ in range(1000):
        if grown := _answered(metrics) - before:
            ((pid, _),) = grown
            return pid, response
        await asyncio.sleep(0.005)
    raise AssertionError("no worker counted the request")


async def _connections(
    server: Server, each: int, stack: AsyncExitStack
) -> dict[int, list[httpx.AsyncClient]]:
    """``each`` open connections to every worker: new ones are opened (the kernel gives each to
    whichever worker accepts first) until every worker holds enough."""
    held: dict[int, list[httpx.AsyncClient]] = {pid: [] for pid in server.workers}
    deadline = time.monotonic() + FIND_SECONDS
    while any(len(clients) < each for clients in held.values()):
        assert time.monotonic() < deadline, {pid: len(c) for pid, c in held.items()}
        client = httpx.AsyncClient(
            base_url=server.url, limits=httpx.Limits(max_connections=1), timeout=30
        )
        stack.push_async_callback(client.aclose)
        pid, _ = await _worker_of(lambda client=client: client.get("/healthz"), server.metrics)
        assert pid in held, f"a process that is not a worker ({pid}) answered"
        if len(held[pid]) < each:
            held[pid].append(client)
    return held


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
        held = await _connections(server, 1, stack)

    assert len(server.workers) == WORKERS
    assert set(held) == set(server.workers) <= _children(server.process.pid)
    assert not [m for m in server.said if "died" in m or "not ready" in m], server.said


async def _a_capacity_holds_under_a_burst_through_both(server: Server) -> None:
    group, people = await _group(server, CLIENTS)

    async with AsyncExitStack() as stack:
        held = await _connections(server, CLIENTS // WORKERS, stack)
        clients = [client for each in held.values() for client in each]
        before = _answered(server.metrics)
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
    served = _answered(server.metrics) - before
    assert {pid for pid, operation in served if operation == "Join"} == set(server.workers)
    assert sum(served.values()) == CLIENTS


async def _a_key_is_replayed_by_the_other_worker(server: Server) -> None:
    group, (person,) = await _group(server, 1)
    headers = {**_auth(person), "Idempotency-Key": "join-once"}

    async with AsyncExitStack() as stack:
        (first_worker, first), (other_worker, other) = (
            await _connections(server, 1, stack)
        ).items()
        ran_on, answer = await _worker_of(
            lambda: first[0].post("/graphql", json=_join(group, person), headers=headers),
            server.metrics,
        )
        replayed_on, replay = await _worker_of(
            lambda: other[0].post("/graphql", json=_join(group, person), headers=headers),
            server.metrics,
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
        connections = (await _connections(server, 1, stack)).values()
        answers = await asyncio.gather(
            *(
                each.post("/graphql", json=_join(group, person), headers=headers)
                for (each,) in connections
            )
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
        (here,), (there,) = (await _connections(server, 1, stack)).values()
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
        (here,), (there,) = (await _connections(server, 1, stack)).values()
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


def _auth(person: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {_token(person)}"}


def _codes(answer: httpx.Response) -> list[str]:
    return [e["extensions"]["code"] for e in answer.json().get("errors") or []]
