"""Servers under test, each a subprocess on 127.0.0.1 and a free port: the API as
``peerlearn serve`` runs it, and the ceiling app under the same uvicorn (uvloop, httptools).

Peak memory is read from ``/proc``: ``VmHWM`` of the process that serves (with several
workers, the largest worker), reset through ``clear_refs`` when one scenario's peak is wanted."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.backends import server_environment
from bench.timing import status_kb

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def api_command(port: int, workers: int) -> list[str]:
    peerlearn = str(Path(sys.executable).with_name("peerlearn"))
    return [
        peerlearn,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]


def ceiling_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.ceiling_app:create",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in found.read_text().split()] if found.exists() else []


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    def _serving(self) -> list[int]:
        """The processes that answer requests: uvicorn's workers, or uvicorn itself."""
        workers = [
            pid
            for pid in _children(self.process.pid)
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        return workers or [self.process.pid]

    def peak_rss_mb(self) -> float:
        return max(status_kb(pid, "VmHWM") for pid in self._serving()) / 1024

    def rss_mb(self) -> float:
        return max(status_kb(pid, "VmRSS") for pid in self._serving()) / 1024

    def reset_peak(self) -> None:
        for pid in self._serving():
            Path(f"/proc/{pid}/clear_refs").write_text("5")


async def _ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    async with httpx.AsyncClient(base_url=server.base_url, timeout=2) as http:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                break
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.25)
    tail = server.log.read_text()[-2000:]
    raise RuntimeError(f"{server.name} did not start:\n{tail}")


def _start(name: str, command: list[str], environment: dict[str, str], log: Path) -> Server:
    port = command[command.index("--port") + 1]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    return Server(name, process, f"http://127.0.0.1:{port}", log)


def _stop(servers: dict[str, Server]) -> None:
    for server in servers.values():
        server.process.terminate()
    for server in servers.values():
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()


@asynccontextmanager
async def serving(
    commands: dict[str, list[str]], database_url: str
) -> AsyncIterator[dict[str, Server]]:
    """Every named server started at once (their imports overlap), ready, and stopped after."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PEERLEARN_")}
    environment |= server_environment(database_url)
    servers: dict[str, Server] = {}
    with tempfile.TemporaryDirectory(prefix="peerlearn-bench-servers-") as directory:
        try:
            for name, command in commands.items():
                servers[name] = _start(name, command, environment, Path(directory) / f"{name}.log")
            await asyncio.gather(*(_ready(s) for s in servers.values()))
            yield servers
        finally:
            _stop(servers)
