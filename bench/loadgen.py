"""A bounded load from a process of its own: ``python -m bench.loadgen URL ...`` keeps
``--concurrency`` clients (each its own kept-alive connection) sending the same request for
``--seconds`` and prints one JSON line: requests, errors, requests per second, p50 and p99.

Run as a subprocess so the server under test never shares an event loop or a GIL with its
load. Each client first sends two untimed requests (connections open, caches warm); a
request answered other than 200 counts as an error."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

import httpx
import orjson
import uvloop

from bench.timing import percentile


class Load:
    """One request, sent again and again by each client."""

    def __init__(self, http: httpx.AsyncClient, args: argparse.Namespace) -> None:
        self._http = http
        self._method = args.method
        self._url = args.url
        self._body = args.body.encode() if args.body else None

    async def send(self) -> bool:
        response = await self._http.request(self._method, self._url, content=self._body)
        await response.aread()
        return response.status_code == 200

    async def warm(self) -> None:
        for _ in range(2):
            await self.send()

    async def client(self, seconds: float) -> tuple[list[float], int]:
        latencies: list[float] = []
        errors = 0
        deadline = time.perf_counter() + seconds
        while (started := time.perf_counter()) < deadline:
            ok = await self.send()
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok
        return latencies, errors


async def run(args: argparse.Namespace) -> dict[str, float]:
    headers = dict(h.split(":", 1) for h in args.header)
    clients = args.concurrency
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as http:
        load = Load(http, args)
        await asyncio.gather(*(load.warm() for _ in range(clients)))
        began = time.perf_counter()
        done = await asyncio.gather(*(load.client(args.seconds) for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies = [ms for found, _ in done for ms in found]
    return {
        "requests": len(latencies),
        "errors": sum(errors for _, errors in done),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen", description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--body", default="", help="request body (JSON text)")
    parser.add_argument("--header", action="append", default=[], help="Name:value")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    sys.stdout.write(orjson.dumps(uvloop.run(run(args))).decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
