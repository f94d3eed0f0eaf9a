"""Every limit on what one request may ask for, at its edge: a request just within the limit is
answered, one just over is refused with the limit's code. The limits are settings; the app
here sets each small so that the requests at the edge stay small."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.app import create_app
from core.db import Database
from core.graphql.relay import to_global_id
from core.people import service as directory
from core.people.models import Organization
from core.settings import Settings, SettingsError
from tests.factories import CREATE_ORGANIZATION, unique
from tests.graphql_client import GraphQLClient
from tests.test_http_limits import query_of_size

LIMITS = {
    "max_query_depth": 4,
    "max_aliases": 5,
    "max_tokens": 200,
    "max_expanded_fields": 256,
    "max_page_size": 10,
    "max_query_cost": 110,
    "max_body_bytes": 4096,
    "max_execution_seconds": 2.0,
}
NO_SUCH_GROUP = to_global_id("Group", 999999)
# A slow resolver sleeps SLOW_SECONDS and the limit stops it far sooner. Not a performance
# figure: TIMEOUT_BOUND_SECONDS is far above the limit, and a request left to run breaks it.
SLOW_SECONDS = 60
TIMEOUT_BOUND_SECONDS = 20
WITHIN_SECONDS = 0.1  # well within the limit of 2 seconds
PAGE = "query($n: Int) { organizations(first: $n) { nodes { id } } }"
ORGANIZATIONS = (
    "query($n: Int, $m: Int) { organizations(first: $n) { nodes { children { id } } } "
    "more: organizations(first: $m) { nodes { id } } }"
)


@pytest.fixture(scope="module")
async def limited(
    settings: Settings, database: Database, gql: GraphQLClient
) -> AsyncIterator[GraphQLClient]:
    """The platform admin's client on an app with every limit set small."""
    app = create_app(settings.replace(**LIMITS), database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://limits.test") as http:
        yield GraphQLClient(http, gql.headers)


@pytest.fixture
def slow_organizations(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Makes creating an organization wait ``seconds`` once its row is written, inside the
    mutation's transaction: in Python, or in a PostgreSQL statement (``pg_sleep``)."""
    create = directory.create_organization

    def slow_down(seconds: float, in_statement: bool = False) -> None:
        async def slowly(session: AsyncSession, *args: Any, **kwargs: Any) -> Organization:
            made = await create(session, *args, **kwargs)
            if in_statement:
                await session.execute(text("SELECT pg_sleep(:s)"), {"s": seconds})
            else:
                await asyncio.sleep(seconds)
            return made

        monkeypatch.setattr(directory, "create_organization", slowly)

    return slow_down


async def post(client: GraphQLClient, query: str, **variables: Any) -> httpx.Response:
    return await client.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=client.headers
    )


def depth(over: bool) -> str:
    """``node`` and each ``parent`` nest one level; a missing group answers null."""
    levels = LIMITS["max_query_depth"] + over
    parents = "parent { " * (levels - 1) + "id" + " }" * (levels - 1)
    return f'{{ node(id: "{NO_SUCH_GROUP}") {{ ... on Group {{ {parents} }} }} }}'


def aliases(over: bool) -> str:
    count = LIMITS["max_aliases"] + over
    return "{ " + " ".join(f"a{i}: __typename" for i in range(count)) + " }"


def tokens(over: bool) -> str:
    """``{``, ``}`` and one token per field."""
    return "{ " + "__typename " * (LIMITS["max_tokens"] - 2 + over) + "}"


def expanded_fields(over: bool) -> str:
    """Fragments that each spread the next twice: 2**8 fields once expanded."""
    assert LIMITS["max_expanded_fields"] == 2**8
    levels = 8
    fragments = " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)
    )
    extra = "__typename" if over else ""
    return f"{{ ...F0 {extra} }} {fragments} fragment F{levels} on Query {{ __typename }}"


@dataclass(frozen=True)
class Edge:
    """A request at the edge of one limit, within it or just over it."""

    code: str
    ask: Callable[[GraphQLClient, bool], Awaitable[httpx.Response]]
    refused_status: int = 200


def document(
    build: Callable[[bool], str],
) -> Callable[[GraphQLClient, bool], Awaitable[httpx.Response]]:
    async def ask(client: GraphQLClient, over: bool) -> httpx.Response:
        return await post(client, build(over))

    return ask


async def ask_page(client: GraphQLClient, over: bool) -> httpx.Response:
    size = LIMITS["max_page_size"] + over
    return await post(client, PAGE, n=size)


async def ask_cost(client: GraphQLClient, over: bool) -> httpx.Response:
    """A full page of organizations with their children (a plain list, counted as a full
    page each): 10 + 10 * 10 = 110; one more organization is 111."""
    return await post(client, ORGANIZATIONS, n=LIMITS["max_page_size"], m=int(over))


async def ask_body(client: GraphQLClient, over: bool) -> httpx.Response:
    body = query_of_size(int(LIMITS["max_body_bytes"]) + over)
    headers = {**client.headers, "content-type": "application/json"}
    return await client.http.post("/graphql", content=body, headers=headers)


async def create_organization(client: GraphQLClient, name: str) -> httpx.Response:
    return await post(client, CREATE_ORGANIZATION, input={"name": name, "kind": "association"})


EDGES = {
    "depth": Edge("GRAPHQL_VALIDATION_FAILED", document(depth)),
    "aliases": Edge("GRAPHQL_VALIDATION_FAILED", document(aliases)),
    "tokens": Edge("GRAPHQL_PARSE_FAILED", document(tokens)),
    "expanded-fields": Edge("GRAPHQL_VALIDATION_FAILED", document(expanded_fields)),
    "page-size": Edge("BAD_USER_INPUT", ask_page),
    "cost": Edge("QUERY_TOO_COSTLY", ask_cost),
    "body-size": Edge("PAYLOAD_TOO_LARGE", ask_body, refused_status=413),
}


@pytest.mark.parametrize("limit", EDGES)
async def test_request_within_limit_is_answered(limited: GraphQLClient, limit: str) -> None:
    response = await EDGES[limit].ask(limited, False)

    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.parametrize("limit", EDGES)
async def test_request_over_limit_is_refused_with_its_code(
    limited: GraphQLClient, limit: str
) -> None:
    edge = EDGES[limit]

    response = await edge.ask(limited, True)

    assert response.status_code == edge.refused_status
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [edge.code]


async def test_request_within_execution_time_is_answered(
    limited: GraphQLClient, slow_organizations: Callable[..., None]
) -> None:
    slow_organizations(WITHIN_SECONDS)

    response = await create_organization(limited, unique("Org"))

    assert response.json()["data"]["createOrganization"]["errors"] == []


@pytest.mark.parametrize("in_statement", [False, True], ids=["resolver", "statement"])
async def test_query_timeout_stops_execution_and_writes_nothing(
    limited: GraphQLClient,
    slow_organizations: Callable[..., None],
    database: Database,
    backend: str,
    in_statement: bool,
) -> None:
    """The organization's row was written when the limit struck: its transaction is rolled
    back, and the answer comes at the limit, not when the resolver or its statement would have
    finished."""
    if in_statement and backend == "sqlite":
        pytest.skip("SQLite has no sleeping statement; its driver's thread is not interrupted")
    slow_organizations(SLOW_SECONDS, in_statement)
    name = unique("Org")
    started = time.perf_counter()

    response = await post(limited, CREATE_ORGANIZATION, input={"name": name, "kind": "association"})

    assert time.perf_counter() - started < TIMEOUT_BOUND_SECONDS
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TIMEOUT"
    assert error["message"].startswith("The request took longer than 2 seconds and was stopped")
    async with database.read() as session:
        count = select(func.count()).select_from(Organization).where(Organization.name == name)
        assert await session.scalar(count) == 0


@pytest.mark.parametrize(
    ("query", "variables", "requested"),
    [
        ("{ __typename }", {}, 0),
        ("{ organizations { nodes { id } } }", {}, 20),
        ("{ organizations(last: 3) { edges { node { id } } pageInfo { hasNextPage } } }", {}, 3),
        ("query($n: Int = 4) { organizations(first: $n) { nodes { id } } }", {}, 4),
        ("query($n: Int = 4) { organizations(first: $n) { nodes { id } } }", {"n": 6}, 6),
        ("{ organizations(first: 2) { nodes { children { id } } } }", {}, 2 + 2 * 10),
        (
            "{ a: organizations(first: 3) { nodes { ...C } } b: organizations(first: 1) "
            "{ nodes { ...C } } } fragment C on Organization { children { id } }",
            {},
            3 + 3 * 10 + 1 + 1 * 10,
        ),
        ("{ organizations(first: 5) @skip(if: true) { nodes { id } } }", {}, 5),
        (ORGANIZATIONS, {"n": 10, "m": 1}, 111),
    ],
    ids=[
        "no-list",
        "default-page",
        "last-edges-counted-once",
        "variable-default",
        "variable",
        "plain-list-as-full-page",
        "fragment-per-spread",
        "skip-still-counted",
        "refused",
    ],
)
async def test_query_too_costly_cost_reported_in_extensions(
    limited: GraphQLClient, query: str, variables: dict[str, Any], requested: int
) -> None:
    body = (await post(limited, query, **variables)).json()

    assert body["extensions"]["cost"] == {"requested": requested, "limit": 110}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "The query may return 111 items, more than the limit of 110; ask for smaller pages "
            "(first or last) or fewer nested lists.",
        ),
        (
            "fr",
            "La requête peut renvoyer 111 éléments, plus que la limite de 110 ; demandez des "
            "pages plus petites (first ou last) ou moins de listes imbriquées.",
        ),
    ],
)
async def test_query_too_costly_message_gives_cost_and_limit(
    limited: GraphQLClient, language: str, message: str
) -> None:
    reader = GraphQLClient(limited.http, {**limited.headers, "Accept-Language": language})

    body = (await post(reader, ORGANIZATIONS, n=10, m=1)).json()

    assert body["errors"][0]["message"] == message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("max_aliases", "7"),
        ("max_tokens", "300"),
        ("max_expanded_fields", "500"),
        ("max_query_cost", "5000"),
        ("max_execution_seconds", "2.5"),
    ],
)
def test_limit_is_a_setting(name: str, value: str) -> None:
    settings = Settings.from_env({f"PEERLEARN_{name.upper()}": value})

    assert str(getattr(settings, name)) == value


@pytest.mark.parametrize(
    "name", ["max_aliases", "max_tokens", "max_expanded_fields", "max_query_cost"]
)
def test_limit_setting_below_one_stops_startup(name: str) -> None:
    variable = f"PEERLEARN_{name.upper()}"

    with pytest.raises(SettingsError, match=f"{variable} must be at least 1, not 0"):
        Settings.from_env({variable: "0"})


def test_execution_seconds_setting_of_zero_stops_startup() -> None:
    with pytest.raises(
        SettingsError, match="PEERLEARN_MAX_EXECUTION_SECONDS must be more than 0, not 0"
    ):
        Settings.from_env({"PEERLEARN_MAX_EXECUTION_SECONDS": "0"})
