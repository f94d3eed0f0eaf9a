"""Prometheus metrics at ``GET /metrics``: requests and their latency by operation, errors by
code, and the database pool as it is when scraped.

Labels stay few whatever clients send: an operation without a name is ``anonymous``, and
past ``MAX_LABELS`` distinct names (or codes) every new one is ``other``. Under several
uvicorn workers, ``PROMETHEUS_MULTIPROC_DIR`` makes every worker write its counts to files
there and a scrape sum them (prometheus-client's multiprocess mode); the pool gauges are then
those of the worker that answered the scrape.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response

from core.errors import Unauthenticated
from core.http_errors import error_response
from core.observability.requests import RequestRecord

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
MAX_LABELS = 200
MAX_LABEL_LENGTH = 64
ANONYMOUS = "anonymous"
OTHER = "other"


class _Labels:
    """At most ``MAX_LABELS`` distinct values of one label; the rest count as ``other``."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def __call__(self, value: str) -> str:
        if value in self._seen:
            return value
        if len(self._seen) >= MAX_LABELS or len(value) > MAX_LABEL_LENGTH:
            return OTHER
        self._seen.add(value)
        return value


class _Pool(Collector):
    """Connections of the engine's pool, read when scraped."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._pool = engine.sync_engine.pool

    def collect(self) -> Iterator[Metric]:
        for name, read, text in (
            ("size", "size", "connections the pool keeps"),
            ("checked_out", "checkedout", "connections in use by a request or task"),
        ):
            if hasattr(self._pool, read):
                yield GaugeMetricFamily(
                    f"peerlearn_db_pool_{name}", text, getattr(self._pool, read)()
                )


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_DIR))


def clear_multiprocess_dir() -> None:
    """Counts left by an earlier run would be summed into this one's: ``serve`` starts empty."""
    if multiprocess():
        for file in Path(os.environ[MULTIPROC_DIR]).glob("*.db"):
            file.unlink()


class Metrics:
    def __init__(self, engine: AsyncEngine, token: str | None) -> None:
        self._token = token
        self._operations = _Labels()
        self._codes = _Labels()
        self._pool = _Pool(engine)
        owned = None if multiprocess() else CollectorRegistry()
        if owned is not None:
            owned.register(self._pool)
        self._registry = owned
        self.requests = Counter(
            "peerlearn_requests",
            "HTTP requests by path, GraphQL operation and outcome",
            ["path", "operation", "outcome"],
            registry=owned,
        )
        self.latency = Histogram(
            "peerlearn_request_duration_seconds",
            "Time to answer a request, by path and GraphQL operation",
            ["path", "operation"],
            registry=owned,
        )
        self.errors = Counter(
            "peerlearn_errors", "Errors answered, by extensions.code", ["code"], registry=owned
        )

    def observe(self, record: RequestRecord) -> None:
        path = record.path  # one of the app's routes, or "other"
        operation = self._operations(record.operation or ANONYMOUS) if path == "/graphql" else ""
        self.requests.labels(path, operation, record.outcome).inc()
        self.latency.labels(path, operation).observe(record.duration_ms / 1000)
        for code in record.error_codes or ():
            self.errors.labels(self._codes(code)).inc()

    def exposition(self) -> bytes:
        registry = self._registry
        if registry is None:
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            registry.register(self._pool)
        return generate_latest(registry)

    async def endpoint(self, request: Request) -> Response:
        """Open unless ``PEERLEARN_METRICS_TOKEN`` is set; then its bearer token is needed."""
        if self._token is not None:
            given = request.headers.get("authorization", "").removeprefix("Bearer ")
            if not hmac.compare_digest(given.encode(), self._token.encode()):
                message = "The metrics need the token set in PEERLEARN_METRICS_TOKEN."
                return error_response(401, Unauthenticated.code, message)
        return Response(self.exposition(), media_type=CONTENT_TYPE_LATEST)
