"""Request bodies over PEERLEARN_MAX_BODY_BYTES are refused with 413 before they are read whole.

The app here points at a database that does not exist: a refused body must never reach
sign-in or GraphQL, and a small one that needs no database is served."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import orjson
import pytest

from core.app import create_app
from core.settings import MAX_BODY_BYTES, MIN_BODY_BYTES, Settings, SettingsError

LIMIT = MIN_BODY_BYTES
CHUNK = b" " * 256
CHUNKS = 4000  # about 1 MB, far past the limit


@pytest.fixture(scope="module")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url="sqlite+aiosqlite:////nonexistent-peerlearn-dir/x.db",
        programs=(),
        max_body_bytes=LIMIT,
        environ={},
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://limits.test") as client:
        yield client
    await app.state.database.dispose()


def query_of_size(size: int) -> bytes:
    """A JSON GraphQL request that needs no database, padded with spaces to ``size`` bytes."""
    body = orjson.dumps({"query": "{ __typename }"})
    return body[:-1] + b" " * (size - len(body)) + b"}"


async def streamed(body: bytes, sent: list[int]) -> AsyncIterator[bytes]:
    """``body`` in chunks without a Content-Length, recording how many chunks were taken."""
    for start in range(0, len(body), len(CHUNK)):
        sent.append(1)
        yield body[start : start + len(CHUNK)]


def assert_payload_too_large(response: httpx.Response) -> None:
    assert response.status_code == 413
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": f"The request body is larger than {LIMIT} bytes.",
                "extensions": {"code": "PAYLOAD_TOO_LARGE"},
            }
        ],
    }


async def test_payload_too_large_declared_length(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=query_of_size(LIMIT + 1), headers={"content-type": "application/json"}
    )

    assert_payload_too_large(response)


async def test_payload_too_large_streamed_without_length(http: httpx.AsyncClient) -> None:
    sent: list[int] = []
    body = query_of_size(len(CHUNK) * CHUNKS)

    response = await http.post(
        "/graphql", content=streamed(body, sent), headers={"content-type": "application/json"}
    )

    assert_payload_too_large(response)
    assert len(sent) <= LIMIT // len(CHUNK) + 1  # stopped reading just past the limit


async def test_payload_too_large_in_the_negotiated_media_type(http: httpx.AsyncClient) -> None:
    accept = "application/graphql-response+json"
    headers = {"content-type": "application/json", "accept": accept}

    response = await http.post("/graphql", content=query_of_size(LIMIT + 1), headers=headers)

    assert response.status_code == 413
    assert response.headers["content-type"] == accept
    assert "data" not in response.json()


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
async def test_body_within_limit_is_served(http: httpx.AsyncClient, chunked: bool) -> None:
    body = query_of_size(LIMIT)
    content = streamed(body, []) if chunked else body

    response = await http.post(
        "/graphql", content=content, headers={"content-type": "application/json"}
    )

    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}
    assert "errors" not in response.json()


@pytest.mark.parametrize("raw", [str(MIN_BODY_BYTES - 1), str(MAX_BODY_BYTES + 1)])
def test_max_body_bytes_outside_bounds_stops_startup(raw: str) -> None:
    with pytest.raises(SettingsError, match="PEERLEARN_MAX_BODY_BYTES must be between"):
        Settings.from_env({"PEERLEARN_MAX_BODY_BYTES": raw})
