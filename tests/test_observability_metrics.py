"""Prometheus metrics at /metrics: requests and latency by operation, errors by code, the
database pool; few labels whatever clients send; open or behind PEERLEARN_METRICS_TOKEN."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.app import create_app
from core.observability import metrics
from core.settings import Settings
from tests.graphql_client import GraphQLClient

METRICS_TOKEN = "scraper-" + "t" * 32


async def _samples(http: httpx.AsyncClient, **headers: str) -> dict[tuple[str, frozenset], float]:
    response = await http.get("/metrics", headers=headers)
    assert response.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _key(name: str, **labels: str) -> tuple[str, frozenset]:
    return (name, frozenset(labels.items()))


async def _change(
    http: httpx.AsyncClient, gql: GraphQLClient, query: str, *keys: tuple[str, frozenset]
) -> list[float]:
    """How much each sample grew over one request with ``query``."""
    before = await _samples(http)
    await gql.execute(query)
    after = await _samples(http)
    return [after.get(key, 0) - before.get(key, 0) for key in keys]


async def test_a_request_is_counted_and_timed_by_operation(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    counted = _key(
        "peerlearn_requests_total", path="/graphql", operation="MetricsProbe", outcome="ok"
    )
    timed = _key(
        "peerlearn_request_duration_seconds_count", path="/graphql", operation="MetricsProbe"
    )

    assert await _change(http, gql, "query MetricsProbe { __typename }", counted, timed) == [1, 1]


async def test_an_operation_without_a_name_is_anonymous(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    counted = _key("peerlearn_requests_total", path="/graphql", operation="anonymous", outcome="ok")

    assert await _change(http, gql, "{ __typename }", counted) == [1]


async def test_errors_are_counted_by_code(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    parse = _key("peerlearn_errors_total", code="GRAPHQL_PARSE_FAILED")
    failed = _key(
        "peerlearn_requests_total", path="/graphql", operation="anonymous", outcome="error"
    )

    assert await _change(http, gql, "{ nope", parse, failed) == [1, 1]


async def test_the_database_pool_is_reported(http: httpx.AsyncClient) -> None:
    samples = await _samples(http)

    assert samples[_key("peerlearn_db_pool_size")] >= 1
    assert samples[_key("peerlearn_db_pool_checked_out")] >= 0


def test_operation_names_past_the_cap_count_as_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metrics, "MAX_LABELS", 2)
    labels = metrics._Labels()

    assert [labels(n) for n in ("A", "B", "C", "A", "x" * 65)] == ["A", "B", "other", "A", "other"]


@asynccontextmanager
async def _own_app(tmp_path: Path, **settings: object) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app of its own, with ``settings``; no request here reaches its database."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    app = create_app(Settings(database_url=url, programs=(), environ={}, **settings))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://metrics.test") as client:
            yield client
    finally:
        await app.state.database.dispose()


@pytest.fixture
async def guarded(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with _own_app(tmp_path, metrics_token=METRICS_TOKEN) as client:
        yield client


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {METRICS_TOKEN}"])
async def test_metrics_token_refuses_a_scrape_without_it(
    guarded: httpx.AsyncClient, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = await guarded.get("/metrics", headers=headers)

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_metrics_token_lets_its_scraper_in(guarded: httpx.AsyncClient) -> None:
    samples = await _samples(guarded, Authorization=f"Bearer {METRICS_TOKEN}")

    assert _key("peerlearn_db_pool_size") in samples


async def test_metrics_can_be_turned_off(tmp_path: Path) -> None:
    async with _own_app(tmp_path, metrics=False) as client:
        response = await client.get("/metrics")

    assert response.status_code == 404
