"""Scenarios over real HTTP: the transcript under a bounded load from a second process, and
the roster export streamed, each against the ceiling app served the same way.

Variants alternate round by round (API, ceiling, API, ceiling ...) and each figure is the
median of its rounds, so a neighbour's load on the machine falls on both alike."""

from __future__ import annotations

import asyncio
import statistics
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from bench.export import export_path
from bench.pairs import Timed, add_timed_pair
from bench.report import Report, Row
from bench.servers import ROOT, Server
from bench.timing import interleaved

P99_TARGET_MS = 250.0
RPS_TARGET = 0.5
WORKERS_TARGET = 1.2
EXPORT_TARGET = 1.5
# The export streams when its server grows by less than this from N = 1,000 to N = 10,000.
FLAT_MB = 10.0


@dataclass(frozen=True)
class Target:
    """The one request a load generator repeats."""

    url: str
    method: str = "GET"
    body: str = ""
    headers: tuple[str, ...] = ()


@dataclass
class Load:
    """A variant's rounds under one concurrency, and its server's peak RSS over them."""

    runs: list[dict[str, float]] = field(default_factory=list)
    peak_rss_mb: float | None = None

    def _median(self, key: str) -> float:
        return statistics.median(run[key] for run in self.runs)

    @property
    def rps(self) -> float:
        return self._median("rps")

    @property
    def p50(self) -> float:
        return self._median("p50_ms")

    @property
    def p99(self) -> float:
        return self._median("p99_ms")

    @property
    def errors(self) -> int:
        return int(sum(run["errors"] for run in self.runs))


async def generate(target: Target, concurrency: int, seconds: float) -> dict[str, float]:
    """One run of ``bench.loadgen`` in a process of its own."""
    command = [sys.executable, "-m", "bench.loadgen", target.url, "--method", target.method]
    command += ["--concurrency", str(concurrency), "--seconds", str(seconds)]
    command += ["--body", target.body] if target.body else []
    for header in target.headers:
        command += ["--header", header]
    process = await asyncio.create_subprocess_exec(
        *command, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"load generator failed: {err.decode()[-1000:]}")
    found: dict[str, float] = orjson.loads(out)
    return found


async def load_rounds(
    targets: Mapping[str, tuple[Target, Server]], concurrency: int, rounds: int, seconds: float
) -> dict[str, Load]:
    loads = {name: Load() for name in targets}
    for _, server in targets.values():
        server.reset_peak()
    for _ in range(rounds):
        for name, (target, _) in targets.items():
            loads[name].runs.append(await generate(target, concurrency, seconds))
    for name, (_, server) in targets.items():
        loads[name].peak_rss_mb = server.peak_rss_mb()
    return loads


def transcript_targets(
    servers: Mapping[str, Server], query: str, variables: dict[str, Any], token: str, person: int
) -> dict[str, tuple[Target, Server]]:
    """The API's POST /graphql for every API server (``api``, ``api-2``), the ceiling's GET."""
    auth = f"Authorization:Bearer {token}"
    body = orjson.dumps({"query": query, "variables": variables}).decode()
    targets = {
        name: (
            Target(
                f"{server.base_url}/graphql", "POST", body, (auth, "Content-Type:application/json")
            ),
            server,
        )
        for name, server in servers.items()
        if name.startswith("api")
    }
    ceiling = servers["ceiling"]
    targets["ceiling"] = (
        Target(f"{ceiling.base_url}/transcript/{person}", headers=(auth,)),
        ceiling,
    )
    return targets


async def same_transcript(targets: Mapping[str, tuple[Target, Server]]) -> bool:
    """Every variant answers the same ``data``, checked once before any is timed."""
    answers = []
    async with httpx.AsyncClient(timeout=30) as http:
        for target, _ in targets.values():
            headers = dict(h.split(":", 1) for h in target.headers)
            response = await http.request(
                target.method, target.url, content=target.body or None, headers=headers
            )
            answers.append(orjson.loads(response.content).get("data"))
    return all(a == answers[0] and a is not None for a in answers)


def _load_row(scenario: str, backend: str, variant: str, load: Load, **judged: Any) -> Row:
    return Row(
        scenario=scenario,
        backend=backend,
        variant=variant,
        median_ms=load.p50,
        p50_ms=load.p50,
        p99_ms=load.p99,
        rps=load.rps,
        peak_rss_mb=load.peak_rss_mb,
        **judged,
    )


def add_load_rows(report: Report, backend: str, clients: int, loads: dict[str, Load]) -> None:
    api, ceiling = loads["api"], loads["ceiling"]
    scenario = f"transcript http, {clients} client{'s' if clients > 1 else ''}"
    ratio = ceiling.rps / api.rps
    target = f"<= {1 / RPS_TARGET:g}x (API >= {RPS_TARGET:g}x rps)"
    met = ratio <= 1 / RPS_TARGET
    if clients > 1:
        target += f"; p99 < {P99_TARGET_MS:g} ms"
        met = met and api.p99 < P99_TARGET_MS
    report.rows.append(
        _load_row(scenario, backend, "api", api, ratio=ratio, target=target, met=met)
    )
    report.rows.append(_load_row(scenario, backend, "ceiling", ceiling))
    if "api-2" in loads:
        two = loads["api-2"]
        report.rows.append(
            _load_row(
                f"{scenario}, 2 workers vs 1",
                backend,
                "api 2 workers",
                two,
                ratio=two.p50 / api.p50,
                target=f"p50 <= {WORKERS_TARGET:g}x 1 worker",
                met=two.p50 <= WORKERS_TARGET * api.p50,
            )
        )
    for name, load in loads.items():
        if load.errors:
            report.fail(f"{scenario} {name}: {load.errors} requests answered other than 200")


class Downloads:
    """Reads whole streamed bodies from the servers, as a staff member's browser would."""

    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self._http = http
        self._headers = {"Authorization": f"Bearer {token}"}

    def signed_in_as(self, token: str) -> Downloads:
        return Downloads(self._http, token)

    async def measured(self, server: Server, url: str) -> tuple[bytes, float]:
        """The document, and how far the server's RSS rose above where it stood while
        sending it."""
        server.reset_peak()
        before = server.rss_mb()
        chunks = []
        async with self._http.stream("GET", url, headers=self._headers) as response:
            response.raise_for_status()
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
        return b"".join(chunks), max(server.peak_rss_mb() - before, 0.0)

    async def size(self, url: str) -> int:
        """Only the length is kept: the reader holds no document."""
        total = 0
        async with self._http.stream("GET", url, headers=self._headers) as response:
            response.raise_for_status()
            async for chunk in response.aiter_bytes():
                total += len(chunk)
        return total


async def export_scenario(
    report: Report,
    backend: str,
    servers: Mapping[str, Server],
    organizations: Mapping[int, tuple[int, str]],
    rounds: int,
) -> None:
    """The export of the largest organization timed against the ceiling, each organization's
    export asked by its coordinator (``organizations``: size -> id and token). The first,
    untimed download of each checks the documents equal and measures the server's growth,
    compared between the two largest organizations to show that the export streams."""
    api, ceiling = servers["api"], servers["ceiling"]
    sizes = sorted(organizations)
    largest, token = organizations[sizes[-1]]
    api_url = api.base_url + export_path(largest)
    ceiling_url = ceiling.base_url + export_path(largest)
    async with httpx.AsyncClient(timeout=120) as http:
        downloads = Downloads(http, token)
        growth: dict[tuple[str, int], float] = {}
        documents = []
        for name, server in (("api", api), ("ceiling", ceiling)):
            for n in sizes[-2:]:
                organization, coordinator = organizations[n]
                document, growth[(name, n)] = await downloads.signed_in_as(coordinator).measured(
                    server, server.base_url + export_path(organization)
                )
            documents.append(document)
        if documents[0] != documents[1]:
            report.fail(f"export {backend}: the API's CSV differs from the ceiling's")
            return
        samples = await interleaved(
            {
                "api": lambda: downloads.size(api_url),
                "ceiling": lambda: downloads.size(ceiling_url),
            },
            rounds=rounds,
        )
    scenario = f"roster export csv, N={sizes[-1]:,}"
    add_timed_pair(
        report,
        scenario,
        backend,
        Timed(samples["api"], growth[("api", sizes[-1])]),
        Timed(samples["ceiling"], growth[("ceiling", sizes[-1])]),
        EXPORT_TARGET,
    )
    if len(sizes) > 1:
        small, large = growth[("api", sizes[-2])], growth[("api", sizes[-1])]
        report.rows.append(
            Row(
                scenario=f"export streams: RSS growth N={sizes[-2]:,} -> {sizes[-1]:,}",
                backend=backend,
                variant="api",
                target=f"flat (< {FLAT_MB:g} MB more)",
                met=large - small < FLAT_MB,
                peak_rss_mb=large,
                statements=f"{small:.1f} -> {large:.1f} MB",
            )
        )
