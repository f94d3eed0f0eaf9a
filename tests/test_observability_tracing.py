"""OpenTelemetry tracing, on when configured: spans name the operation and the fields
resolved, and carry nothing a person typed (no query literal, no variable)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from core.app import create_app
from core.db import Database
from core.observability.tracing import tracing_extensions
from core.settings import Settings
from core.tokens import mint_token
from tests.conftest import TOKEN_SECRET
from tests.observability_support import EMAIL, FIND_PEOPLE, LITERAL


@pytest.fixture(scope="module")
def spans() -> InMemorySpanExporter:
    """Spans kept in memory, by the process's provider (OpenTelemetry sets one per process)."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture
async def traced(
    settings: Settings, database: Database, platform_admin: int, spans: InMemorySpanExporter
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.replace(otel_enabled=True), database=database)
    token = mint_token(TOKEN_SECRET, platform_admin, timedelta(minutes=5))
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://traced.test", headers=headers
    ) as client:
        spans.clear()
        yield client


async def test_an_operation_is_traced_by_name_and_field(
    traced: httpx.AsyncClient, spans: InMemorySpanExporter
) -> None:
    await traced.post("/graphql", json={"query": FIND_PEOPLE, "variables": {"search": EMAIL}})

    names = {span.name for span in spans.get_finished_spans()}
    assert "GraphQL query FindPeople" in names
    assert {"GraphQL Resolving: people", "GraphQL Resolving: groups"} <= names


async def test_spans_carry_nothing_a_person_typed(
    traced: httpx.AsyncClient, spans: InMemorySpanExporter
) -> None:
    await traced.post("/graphql", json={"query": FIND_PEOPLE, "variables": {"search": EMAIL}})

    recorded = [
        str(value) for span in spans.get_finished_spans() for value in span.attributes.values()
    ]
    assert recorded
    assert not [value for value in recorded if EMAIL in value or LITERAL in value]


@pytest.mark.parametrize(
    ("environ", "traces"),
    [
        ({}, False),
        ({"PEERLEARN_OTEL_ENABLED": "true"}, True),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True),
    ],
)
def test_tracing_is_on_only_when_configured(environ: dict[str, str], traces: bool) -> None:
    assert bool(tracing_extensions(Settings.from_env(environ))) is traces
