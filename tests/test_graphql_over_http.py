"""GraphQL over HTTP (core.graphql.http): queries by GET as by POST, never a mutation by GET;
``application/graphql-response+json`` or ``application/json`` as ``Accept`` asks, each with
its status codes; every refusal a JSON body with a code. tests/test_http_audit.py runs the
specification's conformance audit on top of these."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson
import pytest
from sqlalchemy import func, select

from core.app import create_app
from core.db import Database
from core.people.models import Organization
from core.settings import Settings
from tests.factories import CREATE_ORGANIZATION, Factory, unique
from tests.graphql_client import GraphQLClient
from tests.transcript_support import TRANSCRIPT

GR = "application/graphql-response+json"
JSON = "application/json"
TYPENAME = "{ __typename }"
EVENTS = "{ auditEvents(first: 20) { nodes { action personId } } }"


def url(**params: Any) -> str:
    """``/graphql`` with GET parameters, ``variables`` given as an object and sent as JSON."""
    if "variables" in params:
        params["variables"] = orjson.dumps(params["variables"]).decode()
    return f"/graphql?{urlencode(params)}"


def refusal(response: httpx.Response, status: int) -> tuple[str, str]:
    """The code and message of a refusal answered in the JSON shape of GraphQL errors."""
    assert response.status_code == status, response.text
    (error,) = response.json()["errors"]
    return error["extensions"]["code"], error["message"]


async def post(http: httpx.AsyncClient, content: bytes, **headers: str) -> httpx.Response:
    return await http.post("/graphql", content=content, headers={"Content-Type": JSON, **headers})


@pytest.fixture(scope="module")
async def production(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.replace(mode="production"), database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://prod.test") as client:
        yield client


@pytest.fixture(scope="module")
async def batching(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.replace(max_batch_operations=2), database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://batch.test") as client:
        yield client


# --- GET --------------------------------------------------------------------------------------


async def test_get_query_answers_as_post_does(http: httpx.AsyncClient) -> None:
    query = "query Kind($name: String!) { __type(name: $name) { name } }"

    response = await http.get(url(query=query, variables={"name": "Person"}))

    assert response.status_code == 200
    assert response.headers["content-type"] == JSON
    assert response.json()["data"] == {"__type": {"name": "Person"}}


async def test_get_query_signs_in_with_the_bearer_token(gql: GraphQLClient) -> None:
    response = await gql.http.get(url(query="{ me { id } }"), headers=gql.headers)

    assert response.json()["data"]["me"] == (await gql.data("{ me { id } }"))["me"]


async def test_get_query_is_kept_by_no_cache(http: httpx.AsyncClient) -> None:
    response = await http.get(url(query=TYPENAME))

    assert response.headers["cache-control"] == "no-store"
    assert "Accept" in response.headers["vary"]


async def test_get_transcript_read_is_in_the_audit_trail(
    gql: GraphQLClient, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    person = await make.person("FAMILY_PHYSICIAN")

    response = await gql.http.get(
        url(query=TRANSCRIPT, variables={"id": person}), headers=gql.headers
    )

    assert response.status_code == 200
    events = (await client_for(person).data(EVENTS))["auditEvents"]["nodes"]
    assert {"action": "transcript.read", "personId": person} in events


@pytest.mark.parametrize(
    "query",
    [
        "{ __schema { queryType { name } } }",
        "{ " + " ".join(f"a{n}: __typename" for n in range(51)) + " }",
    ],
    ids=["introspection", "aliases"],
)
async def test_get_query_graphql_validation_failed_under_production_limits(
    production: httpx.AsyncClient, query: str
) -> None:
    response = await production.get(url(query=query))

    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_get_mutation_method_not_allowed_and_nothing_written(
    gql: GraphQLClient, database: Database
) -> None:
    name = unique("Over GET")
    query = url(
        query=CREATE_ORGANIZATION, variables={"input": {"name": name, "kind": "association"}}
    )

    response = await gql.http.get(query, headers=gql.headers)

    assert refusal(response, 405)[0] == "METHOD_NOT_ALLOWED"
    assert response.headers["allow"] == "POST"
    async with database.read() as session:
        found = select(func.count()).where(Organization.name == name)
        assert await session.scalar(found) == 0


@pytest.mark.parametrize(
    ("operation", "status"), [("Kind", 200), ("Rename", 405)], ids=["query", "mutation"]
)
async def test_get_method_not_allowed_follows_the_operation_named(
    http: httpx.AsyncClient, operation: str, status: int
) -> None:
    document = "query Kind { __typename } mutation Rename { __typename }"

    response = await http.get(url(query=document, operationName=operation))

    assert response.status_code == status


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_method_not_allowed_other_than_get_and_post(
    http: httpx.AsyncClient, method: str
) -> None:
    response = await http.request(method, "/graphql", json={"query": TYPENAME})

    assert refusal(response, 405)[0] == "METHOD_NOT_ALLOWED"
    assert response.headers["allow"] == "GET, POST"


# --- Media types ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "answered"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        (JSON, JSON),
        (GR, GR),
        (f"{GR}, {JSON};q=0.9", GR),
        (f"{JSON}, {GR};q=0.9", JSON),
        (f"{JSON}, {GR}", GR),
        (f"{GR};q=0, */*", JSON),
        ("text/html, */*;q=0.1", JSON),
        (f"{JSON}; charset=utf-8", JSON),
    ],
)
async def test_media_type_negotiated_by_accept(
    http: httpx.AsyncClient, accept: str | None, answered: str
) -> None:
    headers = {"Accept": accept} if accept is not None else {}

    response = await post(http, orjson.dumps({"query": TYPENAME}), **headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == answered


@pytest.mark.parametrize("accept", ["text/html", "application/xml", f"{JSON};q=0, {GR};q=0"])
async def test_not_acceptable(http: httpx.AsyncClient, accept: str) -> None:
    response = await post(http, orjson.dumps({"query": TYPENAME}), Accept=accept)

    assert refusal(response, 406)[0] == "NOT_ACCEPTABLE"


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/graphql",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
    ],
)
async def test_unsupported_media_type(http: httpx.AsyncClient, content_type: str | None) -> None:
    request = http.build_request("POST", "/graphql", content=orjson.dumps({"query": TYPENAME}))
    request.headers.pop("Content-Type", None)
    if content_type is not None:
        request.headers["Content-Type"] = content_type

    response = await http.send(request)

    assert refusal(response, 415)[0] == "UNSUPPORTED_MEDIA_TYPE"


async def test_unsupported_media_type_said_in_french(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b"{}", headers={"Content-Type": "text/plain", "Accept-Language": "fr"}
    )

    assert (
        refusal(response, 415)[1]
        == "Une requête GraphQL est envoyée en application/json; charset=utf-8."
    )


# --- Status codes of GraphQL results ----------------------------------------------------------

REQUEST_ERRORS = [
    ({"query": "{"}, "GRAPHQL_PARSE_FAILED"),
    ({"query": "{ noSuchField }"}, "GRAPHQL_VALIDATION_FAILED"),
    ({"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {}}, "BAD_USER_INPUT"),
    ({"query": "query A { __typename }", "operationName": "B"}, "OPERATION_RESOLUTION_FAILURE"),
]


@pytest.mark.parametrize(("body", "code"), REQUEST_ERRORS, ids=[c for _, c in REQUEST_ERRORS])
@pytest.mark.parametrize(
    ("accept", "status", "has_data"),
    [(GR, 400, False), (JSON, 200, True)],
    ids=["graphql-response-400-without-data", "json-200-with-null-data"],
)
async def test_request_error_status_follows_the_media_type(
    http: httpx.AsyncClient,
    body: dict[str, Any],
    code: str,
    accept: str,
    status: int,
    has_data: bool,
) -> None:
    response = await post(http, orjson.dumps(body), Accept=accept)

    assert response.status_code == status
    assert response.headers["content-type"] == accept
    answered = response.json()
    assert ("data" in answered) is has_data
    assert answered.get("data") is None
    assert answered["errors"][0]["extensions"]["code"] == code


async def test_field_error_is_200_with_data_as_graphql_response(http: httpx.AsyncClient) -> None:
    query = '{ __typename node(id: "not-an-id") { id } }'

    response = await post(http, orjson.dumps({"query": query}), Accept=GR)

    assert response.status_code == 200
    answered = response.json()
    assert answered["data"] == {"__typename": "Query", "node": None}
    assert answered["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


# --- Bodies that are not a GraphQL request ----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b'{"query": "{ __typename }"', "INVALID_JSON"),
        (b"\xff\xfe{}", "INVALID_JSON"),
        (b"[" * 100_000, "INVALID_JSON"),
        (b"", "BAD_REQUEST"),
        (b'"{ __typename }"', "BAD_REQUEST"),
        (b"{}", "BAD_REQUEST"),
        (b'{"query": null}', "BAD_REQUEST"),
        (b'{"query": 1}', "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "operationName": 1}', "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "variables": "{}"}', "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "variables": []}', "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "extensions": "x"}', "BAD_REQUEST"),
    ],
    ids=[
        "truncated",
        "not-utf8",
        "nested-too-deep",
        "empty",
        "string",
        "no-query",
        "null-query",
        "number-query",
        "number-operation-name",
        "string-variables",
        "array-variables",
        "string-extensions",
    ],
)
@pytest.mark.parametrize("accept", [JSON, GR])
async def test_bad_request_body_is_400_with_code(
    http: httpx.AsyncClient, content: bytes, code: str, accept: str
) -> None:
    response = await post(http, content, Accept=accept)

    assert refusal(response, 400)[0] == code
    assert response.headers["content-type"] == accept
    assert ("data" in response.json()) is (accept == JSON)


@pytest.mark.parametrize(
    ("params", "code"),
    [({}, "BAD_REQUEST"), ({"query": TYPENAME, "variables": "{x"}, "INVALID_JSON")],
    ids=["no-query", "variables-not-json"],
)
async def test_get_bad_request_is_400_with_code(
    http: httpx.AsyncClient, params: dict[str, str], code: str
) -> None:
    response = await http.get(f"/graphql?{urlencode(params)}", headers={"Accept": JSON})

    assert refusal(response, 400)[0] == code


# --- Batches ----------------------------------------------------------------------------------


async def test_batching_disabled_by_default(http: httpx.AsyncClient) -> None:
    response = await post(http, orjson.dumps([{"query": TYPENAME}]))

    assert refusal(response, 400)[0] == "BATCHING_DISABLED"


async def test_batching_enabled_answers_each_operation(batching: httpx.AsyncClient) -> None:
    response = await post(batching, orjson.dumps([{"query": TYPENAME}, {"query": "{"}]))

    assert response.status_code == 200
    first, second = response.json()
    assert first["data"] == {"__typename": "Query"}
    assert second["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_batching_too_many_operations(batching: httpx.AsyncClient) -> None:
    response = await post(batching, orjson.dumps([{"query": TYPENAME}] * 3))

    assert refusal(response, 400)[0] == "TOO_MANY_OPERATIONS"


# --- Refusals before GraphQL, in the negotiated media type -----------------------------------


@pytest.mark.parametrize(("accept", "has_data"), [(GR, False), (JSON, True)])
async def test_unauthenticated_refusal_in_the_negotiated_media_type(
    http: httpx.AsyncClient, accept: str, has_data: bool
) -> None:
    headers = {"Authorization": "Bearer not-a-token", "Accept": accept}

    response = await post(http, orjson.dumps({"query": TYPENAME}), **headers)

    assert refusal(response, 401)[0] == "UNAUTHENTICATED"
    assert response.headers["content-type"] == accept
    assert ("data" in response.json()) is has_data


async def test_batching_enabled_audits_each_read_once(
    batching: httpx.AsyncClient,
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[str], GraphQLClient],
) -> None:
    people = [await make.person("FAMILY_PHYSICIAN") for _ in range(2)]
    batch = [{"query": TRANSCRIPT, "variables": {"id": person}} for person in people]

    response = await post(batching, orjson.dumps(batch), **gql.headers)

    assert response.status_code == 200
    for person in people:
        events = (await client_for(person).data(EVENTS))["auditEvents"]["nodes"]
        assert [e["action"] for e in events].count("transcript.read") == 1
