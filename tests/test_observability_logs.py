"""The request log: one JSON line per request naming the operation, its outcome and its
duration, and nothing a person typed: no query literal, no variable, no token."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from core.observability.logging import JsonFormatter, logging_config
from core.observability.requests import RequestLog
from core.people import service as directory
from core.people.models import Organization
from core.settings import Settings
from tests.factories import CREATE_ORGANIZATION, CREATE_PERSON, Factory, unique
from tests.graphql_client import GraphQLClient
from tests.observability_support import EMAIL, FIND_PEOPLE, LITERAL


@pytest.fixture
def lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    """The request log lines of the test, as an operator's log collector reads them."""
    caplog.set_level(logging.INFO)
    formatter = JsonFormatter()

    class Lines(list[dict[str, Any]]):
        def read(self) -> list[dict[str, Any]]:
            self[:] = [
                orjson.loads(formatter.format(r))
                for r in caplog.records
                if r.name == "peerlearn.request"
            ]
            return self

    return Lines()


def _rendered(caplog: pytest.LogCaptureFixture) -> str:
    formatter = JsonFormatter()
    return "\n".join(formatter.format(r) for r in caplog.records)


async def _post(gql: GraphQLClient, body: dict[str, Any], **headers: str) -> httpx.Response:
    return await gql.http.post("/graphql", json=body, headers={**gql.headers, **headers})


async def test_a_request_is_one_line_with_id_operation_duration_and_outcome(
    gql: GraphQLClient, lines: Any
) -> None:
    response = await _post(gql, {"query": FIND_PEOPLE, "variables": {"search": EMAIL}})

    (line,) = lines.read()
    assert response.status_code == 200
    assert line["message"] == "request"
    assert line["level"] == "INFO"
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert (line["method"], line["path"], line["status"]) == ("POST", "/graphql", 200)
    assert (line["operation"], line["operation_type"]) == ("FindPeople", "query")
    assert (line["outcome"], line["error_codes"]) == ("ok", [])
    assert isinstance(line["duration_ms"], float)
    assert line["timestamp"].endswith("+00:00")


async def test_nothing_typed_by_a_person_is_logged(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await _post(gql, {"query": FIND_PEOPLE, "variables": {"search": EMAIL}})

    logged = _rendered(caplog)
    token = gql.headers["Authorization"].removeprefix("Bearer ")
    assert "FindPeople" in logged
    assert EMAIL not in logged
    assert LITERAL not in logged
    assert token not in logged


@pytest.mark.parametrize(
    ("given", "kept"),
    [("abc-123.DEF_9", True), ("a" * 65, False), ("two words", False), ("abc\n", False)],
)
async def test_a_sane_request_id_is_kept_and_echoed(
    gql: GraphQLClient, lines: Any, given: str, kept: bool
) -> None:
    response = await _post(gql, {"query": "{ __typename }"}, **{"X-Request-ID": given})

    (line,) = lines.read()
    assert (response.headers["X-Request-ID"] == given) is kept
    assert line["request_id"] == response.headers["X-Request-ID"]


@pytest.mark.parametrize(
    ("body", "headers", "codes"),
    [
        ({"query": "{ nope"}, {}, ["GRAPHQL_PARSE_FAILED"]),
        ({"query": "query Q { noSuchField }"}, {}, ["GRAPHQL_VALIDATION_FAILED"]),
        (
            {"query": FIND_PEOPLE, "variables": {"search": {"a": EMAIL}}},
            {},
            ["BAD_USER_INPUT"],
        ),
        ({"query": "{ __typename }"}, {"Authorization": "Bearer not-a-token"}, ["UNAUTHENTICATED"]),
    ],
    ids=["parse", "validation", "variable", "token"],
)
async def test_a_client_error_is_logged_without_traceback(
    gql: GraphQLClient,
    caplog: pytest.LogCaptureFixture,
    lines: Any,
    body: dict[str, Any],
    headers: dict[str, str],
    codes: list[str],
) -> None:
    await _post(gql, body, **headers)

    (line,) = lines.read()
    assert (line["outcome"], line["error_codes"], line["level"]) == ("error", codes, "INFO")
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING]
    assert EMAIL not in _rendered(caplog)


async def test_a_body_that_is_not_json_is_logged_without_traceback(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture, lines: Any
) -> None:
    response = await gql.http.post(
        "/graphql", content=b'{"query": "\x00', headers={"content-type": "application/json"}
    )

    (line,) = lines.read()
    assert response.status_code == 400
    logged = (line["status"], line["outcome"], line["error_codes"])
    assert logged == (400, "error", ["INVALID_JSON"])
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING]


async def test_an_unexpected_error_is_logged_once_with_traceback_and_masked(
    gql: GraphQLClient,
    caplog: pytest.LogCaptureFixture,
    lines: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def fail(*args: Any, **kwargs: Any) -> Organization:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(directory, "create_organization", fail)

    response = await _post(
        gql,
        {
            "query": CREATE_ORGANIZATION,
            "variables": {"input": {"name": unique("Org"), "kind": "x"}},
        },
    )

    (line,) = lines.read()
    (traced,) = [r for r in caplog.records if r.exc_info]
    assert "secret detail" not in response.text
    assert (line["level"], line["error_codes"]) == ("ERROR", ["INTERNAL"])
    assert "RuntimeError: secret detail" in JsonFormatter().format(traced)
    assert orjson.loads(JsonFormatter().format(traced))["request_id"] == line["request_id"]


GIVEN, FAMILY = "Philippa", "Zzyzx-Privatus"
PRIVATE_EMAIL = "philippa.private@example.org"


async def _fails_plainly(session: AsyncSession, data: directory.PersonInput) -> None:
    raise RuntimeError("no detail of the input here")


async def _fails_in_the_database(session: AsyncSession, data: directory.PersonInput) -> None:
    """An insert the database refuses (a required column left out): the driver's error
    carries the statement and, unless hidden, the person's values as its parameters."""
    await session.execute(
        text("INSERT INTO core_people (given_name, family_name, email) VALUES (:g, :f, :e)"),
        {"g": data.given_name, "f": data.family_name, "e": data.email},
    )


async def _fails_on_a_bad_statement(session: AsyncSession, data: directory.PersonInput) -> None:
    await session.execute(
        text("SELECT no_such_column FROM core_people WHERE email = :e"), {"e": data.email}
    )


@pytest.mark.parametrize(
    "work", [_fails_plainly, _fails_in_the_database, _fails_on_a_bad_statement]
)
async def test_a_failing_mutation_logs_no_personal_value_it_carried(
    gql: GraphQLClient,
    make: Factory,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    work: Callable[[AsyncSession, directory.PersonInput], Awaitable[None]],
) -> None:
    """A name and an email in a mutation that fails unexpectedly: the error is logged (with
    its traceback, or as the database refusing) and masked, and neither value is in any line
    of the log nor in the answer, even with PEERLEARN_LOG_LEVEL=DEBUG."""
    config = logging_config(Settings(log_level="DEBUG"))
    caplog.set_level(config["root"]["level"])
    for name, logger in config["loggers"].items():
        caplog.set_level(logger["level"], logger=name)
    organization = await make.organization()
    monkeypatch.setattr(
        directory, "create_person", lambda session, viewer, data: work(session, data)
    )
    person = {
        "organizationId": organization,
        "givenName": GIVEN,
        "familyName": FAMILY,
        "email": PRIVATE_EMAIL,
        "profession": "MOA",
    }

    response = await _post(gql, {"query": CREATE_PERSON, "variables": {"input": person}})

    logged = _rendered(caplog)
    assert response.json()["errors"][0]["extensions"]["code"] in {"INTERNAL", "SERVICE_UNAVAILABLE"}
    assert [r for r in caplog.records if r.levelno >= logging.WARNING]
    for value in (GIVEN, FAMILY, PRIVATE_EMAIL):
        assert value not in logged
        assert value not in response.text


async def test_a_path_that_is_not_a_route_is_logged_as_other(
    gql: GraphQLClient, lines: Any
) -> None:
    response = await gql.http.get(f"/people/{EMAIL}")

    (line,) = lines.read()
    assert response.status_code == 404
    assert (line["path"], line["error_codes"]) == ("other", ["HTTP_404"])


async def _path_logged(lines: Any, path: str) -> str:
    """The path logged for a request to ``path`` of an app with a route and a mount."""

    async def served(_: Request) -> PlainTextResponse:
        return PlainTextResponse("served")

    app = Starlette(
        routes=[
            Route("/documents/{code}", served),
            Mount("/files", routes=[Route("/{name}", served)]),
        ],
        middleware=[Middleware(RequestLog)],
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://paths.test") as client:
        await client.get(path)
    (line,) = lines.read()
    return str(line["path"])


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (f"/documents/{EMAIL}", "/documents/{code}"),
        (f"/files/{EMAIL}", "/files"),
        (f"/elsewhere/{EMAIL}", "other"),
    ],
)
async def test_a_path_is_logged_as_its_route_pattern(lines: Any, path: str, logged: str) -> None:
    assert await _path_logged(lines, path) == logged
