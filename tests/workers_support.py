"""``peerlearn serve --workers N`` as a subprocess, and which of its workers answers a request.

Which worker answered is read from the metrics: under several workers each one counts its
requests in its own file of the run's metrics directory (``counter_<pid>.db``), so the file a
request adds one to names the worker. An HTTP/1.1 connection stays with the worker that
accepted it, so a client holding one connection, once its worker is known, sends there
whatever it sends next."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from prometheus_client.mmap_dict import MmapedDict

from core.observability.metrics import MULTIPROC_DIR
from tests.conftest import TOKEN_SECRET
from tests.token_support import cli_env

STARTUP_SECONDS = 60.0  # a bound, not an expectation: a few seconds on an idle 2-core machine
FIND_SECONDS = 30.0  # a bound: under a second when the machine is idle
HOST = "127.0.0.1"
STARTED = "Started server process ["


@dataclass
class Served:
    process: asyncio.subprocess.Process
    said: list[str]  # the messages of its log lines, as they come
    url: str
    workers: frozenset[int]
    metrics: Path


@asynccontextmanager
async def serve_workers(
    database_url: str, directory: Path, workers: int, settings: Mapping[str, str]
) -> AsyncIterator[Served]:
    """The command README runs, from this virtual environment, on a free port, with core
    alone and ``settings``; stopped afterwards, which must leave no metrics behind."""
    port = _free_port()
    env = cli_env(
        PEERLEARN_DATABASE_URL=database_url,
        PEERLEARN_PROGRAMS="",
        PEERLEARN_TOKEN_SECRET=TOKEN_SECRET,
        PEERLEARN_LOG_LEVEL="INFO",
        PEERLEARN_LOG_FORMAT="json",
        **settings,
    )
    env.pop(MULTIPROC_DIR, None)
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("peerlearn")),
        *("serve", "--port", str(port), "--workers", str(workers)),
        cwd=directory,  # no developer's .env
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    said: list[str] = []
    reading = asyncio.create_task(_read_log(process, said))
    try:
        pids = await _started(process, said, workers)
        metrics = _metrics_dir(pids)
        yield Served(process, said, f"http://{HOST}:{port}", pids, metrics)
    finally:
        process.terminate()
        code = await asyncio.wait_for(process.wait(), timeout=15)
        await reading
    assert code == 0, said
    assert not metrics.exists(), "serve leaves its metrics directory behind"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


async def _read_log(process: asyncio.subprocess.Process, said: list[str]) -> None:
    """Keeps the messages of the server's JSON log lines (reading also keeps its pipe open)."""
    assert process.stderr is not None
    async for line in process.stderr:
        if line.startswith(b"{"):
            said.append(str(json.loads(line).get("message", "")))


def children(pid: int) -> set[int]:
    """The processes ``pid`` started, read from /proc (as psutil would)."""
    return {
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    }


async def _started(
    process: asyncio.subprocess.Process, said: list[str], workers: int
) -> frozenset[int]:
    """The workers' PIDs, once each has said it started and finished its startup."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.returncode is None, f"peerlearn serve stopped: {said}"
        started = {int(m.removeprefix(STARTED).rstrip("]")) for m in said if m.startswith(STARTED)}
        if len(started) >= workers and said.count("Application startup complete.") >= workers:
            return frozenset(started & children(process.pid))
        await asyncio.sleep(0.1)
    raise AssertionError(f"{workers} workers did not start in {STARTUP_SECONDS} s: {said}")


def _metrics_dir(workers: frozenset[int]) -> Path:
    """The directory ``serve`` made for its workers' metrics, as each worker was given it."""
    (directory,) = {
        line.removeprefix(f"{MULTIPROC_DIR}=")
        for pid in workers
        for line in Path(f"/proc/{pid}/environ").read_text().split("\0")
        if line.startswith(f"{MULTIPROC_DIR}=")
    }
    return Path(directory)


def answered(metrics: Path) -> Counter[tuple[int, str]]:
    """Requests answered so far, by worker PID and GraphQL operation (``""`` off /graphql)."""
    counts: Counter[tuple[int, str]] = Counter()
    for file in metrics.glob("counter_*.db"):
        pid = int(file.stem.removeprefix("counter_"))
        for key, value, *_ in MmapedDict.read_all_values_from_file(str(file)):
            _, name, labels, _ = json.loads(key)
            if name == "peerlearn_requests_total":
                counts[pid, labels["operation"]] += int(value)
    return counts


async def worker_of(
    send: Callable[[], Awaitable[httpx.Response]], metrics: Path
) -> tuple[int, httpx.Response]:
    """Who answered ``send()``, the one request under way: the worker counts it just after
    answering, so its count is awaited briefly."""
    before = answered(metrics)
    response = await send()
    for _ in range(1000):
        if grown := answered(metrics) - before:
            ((pid, _),) = grown
            return pid, response
        await asyncio.sleep(0.005)
    raise AssertionError("no worker counted the request")


async def connections(
    served: Served, each: int, stack: AsyncExitStack
) -> dict[int, list[httpx.AsyncClient]]:
    """``each`` open connections to every worker: new ones are opened (the kernel gives each to
    whichever worker accepts first) until every worker holds enough."""
    held: dict[int, list[httpx.AsyncClient]] = {pid: [] for pid in served.workers}
    deadline = time.monotonic() + FIND_SECONDS
    while any(len(clients) < each for clients in held.values()):
        assert time.monotonic() < deadline, {pid: len(c) for pid, c in held.items()}
        client = httpx.AsyncClient(
            base_url=served.url, limits=httpx.Limits(max_connections=1), timeout=30
        )
        stack.push_async_callback(client.aclose)
        pid, _ = await worker_of(lambda client=client: client.get("/healthz"), served.metrics)
        assert pid in held, f"a process that is not a worker ({pid}) answered"
        if len(held[pid]) < each:
            held[pid].append(client)
    return held
