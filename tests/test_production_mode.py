"""Production and development modes (``PEERLEARN_MODE``): production answers strangers on the
open internet, so it serves no GraphiQL, refuses introspection and names no fields a refused
query did not name; development shows them all. The server says at startup which it runs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from core.app import create_app
from core.db import Database
from core.settings import Settings

INTROSPECTION = "{ __schema { queryType { name } } }"
MISSPELT = "{ creditSystem { code } }"


@pytest.fixture(params=["development", "production"])
async def served(
    request: pytest.FixtureRequest, settings: Settings, database: Database
) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    mode = request.param
    app = create_app(settings.replace(mode=mode), database=database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield mode, c


async def _ask(client: httpx.AsyncClient, query: str) -> dict[str, Any]:
    body: dict[str, Any] = (await client.post("/graphql", json={"query": query})).json()
    return body


async def test_production_mode_refuses_introspection(
    served: tuple[str, httpx.AsyncClient],
) -> None:
    mode, client = served

    body = await _ask(client, INTROSPECTION)

    if mode == "production":
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    else:
        assert body["data"] == {"__schema": {"queryType": {"name": "Query"}}}


async def test_production_mode_keeps_typename(served: tuple[str, httpx.AsyncClient]) -> None:
    """Clients (Relay, Apollo) ask ``__typename`` in every mode."""
    _mode, client = served

    assert (await _ask(client, "{ __typename }"))["data"] == {"__typename": "Query"}


async def test_production_mode_suggests_no_field_names(
    served: tuple[str, httpx.AsyncClient],
) -> None:
    mode, client = served

    (error,) = (await _ask(client, MISSPELT))["errors"]

    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert ("creditSystems" in error["message"]) is (mode == "development")


async def test_production_mode_serves_no_graphiql(served: tuple[str, httpx.AsyncClient]) -> None:
    mode, client = served

    page = await client.get("/graphql", headers={"Accept": "text/html"})

    served_page = page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert served_page is (mode == "development")


def test_production_mode_graphiql_may_still_be_asked_for(settings: Settings) -> None:
    assert settings.replace(mode="production", graphiql=True).serves_graphiql is True
    assert settings.replace(mode="development", graphiql=False).serves_graphiql is False


async def test_production_mode_said_at_startup(
    settings: Settings, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings.replace(mode="production"), database=database)

    with caplog.at_level(logging.INFO, logger="peerlearn"):
        async with app.router.lifespan_context(app):
            pass

    said = [r.getMessage() for r in caplog.records if " mode: " in r.getMessage()]
    assert len(said) == 1
    assert said[0].endswith(
        "in production mode: GraphiQL off, introspection and field suggestions off"
    )
