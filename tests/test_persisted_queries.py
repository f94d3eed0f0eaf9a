"""Automatic persisted queries (core.graphql.persisted), through HTTP as Apollo's link sends
them: a hash alone, then the text with its hash once the server says it does not know it."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson
import pytest
from graphql import DocumentNode
from graphql.language.parser import Parser

from core.app import create_app
from core.db import Database
from core.graphql.validation import CACHE_SIZE, MAX_CACHED_QUERY_LENGTH
from core.observability.logging import JsonFormatter
from core.settings import Settings
from tests.factories import Factory
from tests.graphql_client import GraphQLClient

GR = "application/graphql-response+json"
JSON = "application/json"
TYPENAME = {"__typename": "Query"}
_serial = iter(range(10**9))


def text() -> str:
    """A query no other test sends: the session's app keeps what every test registers."""
    return f"query Persisted{next(_serial)} {{ __typename }}"


def sha256(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def persisted(query: str, version: object = 1, digest: str | None = None) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": digest or sha256(query)}}


async def send(
    http: httpx.AsyncClient,
    query: str,
    *,
    with_text: bool = False,
    method: str = "POST",
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> httpx.Response:
    """A request naming ``query`` by its hash, with its text too when ``with_text``."""
    params: dict[str, Any] = {"extensions": persisted(query, **extensions)}
    if with_text:
        params["query"] = query
    if method == "GET":
        params["extensions"] = orjson.dumps(params["extensions"]).decode()
        return await http.get(f"/graphql?{urlencode(params)}", headers=headers)
    return await http.post("/graphql", json=params, headers=headers)


def data(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()["data"]


def error(response: httpx.Response, status: int) -> tuple[str, str]:
    assert response.status_code == status, response.text
    (only,) = response.json()["errors"]
    return only["extensions"]["code"], only["message"]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents graphql-core parses from now on."""
    parsed: list[str] = []
    parse_document = Parser.parse_document

    def counting(parser: Parser) -> Any:
        parsed.append(parser._lexer.source.body)
        return parse_document(parser)

    monkeypatch.setattr(Parser, "parse_document", counting)
    return parsed


async def own_app(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://apq.test") as client:
        yield client


@pytest.fixture
async def fresh(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """An app that keeps no persisted query yet."""
    async for client in own_app(settings, database):
        yield client


@pytest.fixture(scope="module")
async def switched_off(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    async for client in own_app(settings.replace(persisted_queries=False), database):
        yield client


@pytest.fixture(scope="module")
async def batching(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    async for client in own_app(settings.replace(max_batch_operations=2), database):
        yield client


# --- the protocol ------------------------------------------------------------------------------


@pytest.mark.parametrize("accept", [JSON, GR])
async def test_unknown_hash_is_not_found_with_200_in_either_media_type(
    http: httpx.AsyncClient, accept: str
) -> None:
    response = await send(http, text(), headers={"Accept": accept})

    assert error(response, 200) == ("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
    assert response.headers["content-type"] == accept
    assert response.headers["cache-control"] == "no-store"
    assert ("data" in response.json()) == (accept == JSON)


async def test_text_with_its_hash_runs_and_registers_then_the_hash_alone_runs_it(
    http: httpx.AsyncClient,
) -> None:
    query = text()
    assert error(await send(http, query), 200)[0] == "PERSISTED_QUERY_NOT_FOUND"

    registered = await send(http, query, with_text=True)
    hit = await send(http, query)

    assert data(registered) == data(hit) == TYPENAME


async def test_hash_alone_answers_what_the_text_answers_with_variables_and_viewer(
    gql: GraphQLClient, make: Factory
) -> None:
    organization = await make.organization()
    query = (
        f"query Mine{next(_serial)}($id: ID!) "
        "{ me { id } node(id: $id) { ... on Organization { name } } }"
    )
    body = {"variables": {"id": organization}, "extensions": persisted(query)}
    registered = await gql.http.post("/graphql", json={**body, "query": query}, headers=gql.headers)

    hit = await gql.http.post("/graphql", json=body, headers=gql.headers)

    assert data(hit) == data(registered)
    assert data(hit)["me"] == (await gql.data("{ me { id } }"))["me"]
    assert data(hit)["node"]["name"]


async def test_a_hit_is_not_parsed_again(http: httpx.AsyncClient, parses: list[str]) -> None:
    query = text()
    await send(http, query, with_text=True)
    assert parses == [query]

    for _ in range(3):
        assert data(await send(http, query)) == TYPENAME

    assert parses == [query]


async def test_the_text_in_full_and_its_hash_share_one_document(
    http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validation cache is keyed on the document: two copies of one would be compared
    field by field on every request."""
    compared: list[DocumentNode] = []
    equal = DocumentNode.__eq__

    def comparing(document: DocumentNode, other: object) -> bool:
        compared.append(document)
        return equal(document, other)

    query = text()
    await send(http, query, with_text=True)
    monkeypatch.setattr(DocumentNode, "__eq__", comparing)

    for response in (await http.post("/graphql", json={"query": query}), await send(http, query)):
        assert data(response) == TYPENAME

    assert compared == []


async def test_text_that_does_not_hash_to_its_hash_is_refused_and_not_registered(
    http: httpx.AsyncClient,
) -> None:
    query, other = text(), text()

    response = await send(http, query, with_text=True, digest=sha256(other))

    assert error(response, 400)[0] == "PERSISTED_QUERY_HASH_MISMATCH"
    assert error(await send(http, other), 200)[0] == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize("version", [2, True, "1", None])
async def test_a_version_other_than_1_is_refused(http: httpx.AsyncClient, version: object) -> None:
    response = await send(http, text(), with_text=True, version=version)

    assert error(response, 400)[0] == "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"


async def test_an_extension_that_is_not_an_object_is_an_unsupported_version(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post("/graphql", json={"extensions": {"persistedQuery": "abc"}})

    assert error(response, 400)[0] == "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"


async def test_a_hash_that_is_not_a_string_is_not_found(http: httpx.AsyncClient) -> None:
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": ["a"]}}

    response = await http.post("/graphql", json={"extensions": extensions})

    assert error(response, 200)[0] == "PERSISTED_QUERY_NOT_FOUND"


async def test_text_that_does_not_parse_is_reported_and_not_registered(
    http: httpx.AsyncClient,
) -> None:
    query = f"{{ broken{next(_serial)} "

    response = await send(http, query, with_text=True, headers={"Accept": GR})

    assert error(response, 400)[0] == "GRAPHQL_PARSE_FAILED"
    assert error(await send(http, query), 200)[0] == "PERSISTED_QUERY_NOT_FOUND"


async def test_without_the_extension_a_request_still_needs_a_query(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post("/graphql", json={"extensions": {"persistedQuery": None}})

    assert error(response, 400)[0] == "BAD_REQUEST"


# --- GET ---------------------------------------------------------------------------------------


async def test_get_registers_and_runs_a_hash_alone(http: httpx.AsyncClient) -> None:
    query = text()
    miss = await send(http, query, method="GET")
    registered = await send(http, query, method="GET", with_text=True)
    hit = await send(http, query, method="GET")

    assert error(miss, 200)[0] == "PERSISTED_QUERY_NOT_FOUND"
    assert data(registered) == data(hit) == TYPENAME
    assert hit.headers["cache-control"] == "no-store"


async def test_a_persisted_mutation_by_get_is_refused_and_runs_nothing(
    http: httpx.AsyncClient, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    person = client_for(await make.person())
    language = "{ me { language } }"
    before = (await person.data(language))["me"]["language"]
    wanted = "FR" if before != "FR" else "EN"
    mutation = (
        f"mutation Language{next(_serial)} "
        f"{{ setLanguage(input: {{language: {wanted}}}) {{ person {{ language }} }} }}"
    )
    registered = await send(http, mutation, with_text=True)  # anonymous: refused, but kept
    assert registered.json()["errors"]

    response = await send(http, mutation, method="GET", headers=person.headers)

    assert error(response, 405)[0] == "METHOD_NOT_ALLOWED"
    assert response.headers["allow"] == "POST"
    assert (await person.data(language))["me"]["language"] == before


# --- what a worker keeps -----------------------------------------------------------------------


async def test_the_kept_queries_are_bounded_and_the_least_recently_used_goes_first(
    fresh: httpx.AsyncClient,
) -> None:
    queries = [text() for _ in range(CACHE_SIZE + 1)]
    for query in queries[:CACHE_SIZE]:
        assert (await send(fresh, query, with_text=True)).status_code == 200
    assert (await send(fresh, queries[0])).status_code == 200  # used: now the most recent

    await send(fresh, queries[CACHE_SIZE], with_text=True)

    assert error(await send(fresh, queries[1]), 200)[0] == "PERSISTED_QUERY_NOT_FOUND"
    for kept in (queries[0], queries[2], queries[CACHE_SIZE]):
        assert data(await send(fresh, kept)) == TYPENAME


async def test_a_text_too_long_to_keep_runs_but_is_not_kept(http: httpx.AsyncClient) -> None:
    query = text() + " #" + "x" * MAX_CACHED_QUERY_LENGTH

    response = await send(http, query, with_text=True)

    assert data(response) == TYPENAME
    assert error(await send(http, query), 200)[0] == "PERSISTED_QUERY_NOT_FOUND"


async def test_switched_off_every_persisted_query_is_not_supported(
    switched_off: httpx.AsyncClient,
) -> None:
    query = text()

    for response in (
        await send(switched_off, query, headers={"Accept": GR}),
        await send(switched_off, query, with_text=True),
    ):
        assert error(response, 200) == (
            "PERSISTED_QUERY_NOT_SUPPORTED",
            "PersistedQueryNotSupported",
        )
    assert (await switched_off.post("/graphql", json={"query": query})).status_code == 200


async def test_each_operation_of_a_batch_is_found_or_not_on_its_own(
    batching: httpx.AsyncClient,
) -> None:
    known, unknown = text(), text()
    await send(batching, known, with_text=True)

    response = await batching.post(
        "/graphql",
        json=[{"extensions": persisted(known)}, {"extensions": persisted(unknown)}],
    )

    hit, miss = response.json()
    assert response.status_code == 200
    assert hit["data"] == TYPENAME
    assert miss["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_refusal_is_in_the_reader_language(http: httpx.AsyncClient) -> None:
    query = text()

    response = await send(
        http, query, with_text=True, digest=sha256(text()), headers={"Accept-Language": "fr"}
    )

    assert error(response, 400) == (
        "PERSISTED_QUERY_HASH_MISMATCH",
        "Le hachage SHA-256 de la requête n’est pas le sha256Hash envoyé avec elle.",
    )


async def test_the_request_log_names_a_hit_and_codes_a_miss(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    query = text()
    await send(http, query, with_text=True)
    caplog.set_level(logging.INFO)

    await send(http, query)
    await send(http, text())

    hit, miss = (
        orjson.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.name == "peerlearn.request"
    )
    assert (hit["operation"], hit["outcome"]) == (query.split()[1], "ok")
    assert (miss["outcome"], miss["error_codes"]) == ("error", ["PERSISTED_QUERY_NOT_FOUND"])
