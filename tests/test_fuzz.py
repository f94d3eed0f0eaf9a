"""Property-based fuzzing of the whole GraphQL API, in process, as a platform admin and as
nobody: no answer is an HTTP 500, every answer is JSON, every error has a code that is not
INTERNAL and shows no stack trace, SQL or exception class name (tests/fuzz_support.py).

Two generators: hypothesis-graphql's queries and mutations built from the schema, valid and
with one schema violation each; and a hostile one, of almost-GraphQL text, arbitrary JSON
bodies and variables of the wrong types.

Each request asks for one of the two media types or none. Runs are reproducible
(``derandomize``: the same cases every run, as CI needs) and bounded: ``EXAMPLES`` per test, 450
requests per database. ``HYPOTHESIS_PROFILE=explore`` runs ten times as many from a random seed,
to look for new failures; a failure prints the request that caused it.
The fuzz gets a database of its own, seeded with a few rows: a fuzzed admin's mutations (a
language, a setting, a role withdrawn) must not reach the other tests' shared database.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, queries
from sqlalchemy.engine import make_url

from core.app import create_app
from core.db import Database
from core.migrate import upgrade
from core.plugin_host import load_registry
from core.settings import Settings
from core.tokens import mint_token
from tests.conftest import TOKEN_SECRET, add_platform_admin, fresh_database
from tests.factories import Factory
from tests.fuzz_support import (
    JSON_VALUES,
    check_answer,
    mutate_text,
    one_root_field,
    scalar_nodes,
    variable_requests,
)
from tests.graphql_client import GraphQLClient

EXAMPLES = 50
settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    print_blob=True,
)
settings.register_profile(
    "explore", settings.get_profile("fuzz"), max_examples=EXAMPLES * 10, derandomize=False
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz"))


# Both media types a client may ask for, and none (which answers application/json).
ACCEPTS: tuple[Mapping[str, str], ...] = (
    {},
    {"Accept": "application/json"},
    {"Accept": "application/graphql-response+json"},
)


class Fuzz:
    """The fuzz database's app, its schema, and a way to send it what hypothesis draws."""

    def __init__(self, app: Any, http: httpx.AsyncClient, admin: Mapping[str, str]) -> None:
        self.schema = graphql.build_schema(app.state.schema.sdl())
        self.node_types = tuple(app.state.schema.node_resolvers)
        self.scalars = scalar_nodes(self.node_types)
        self._http = http
        self._viewers: dict[str, Mapping[str, str]] = {"admin": admin, "anonymous": {}}

    def root(self, operation: Callable[..., st.SearchStrategy[str]]) -> graphql.GraphQLObjectType:
        root = self.schema.query_type if operation is queries else self.schema.mutation_type
        assert root is not None
        return root

    async def answers_well(self, bodies: st.SearchStrategy[bytes], viewer: str) -> int:
        """Post each body hypothesis draws as ``viewer`` and check the answer; how many were
        sent, for the tests to show they were not starved of cases. hypothesis runs a
        synchronous test, so it runs in a thread, and sends through the event loop the app and
        its engine live on, which stays free to serve them."""
        loop = asyncio.get_running_loop()
        headers = {**self._viewers[viewer], "Content-Type": "application/json"}
        sent = 0

        @given(bodies, st.sampled_from(ACCEPTS))
        def answers_well(body: bytes, accept: Mapping[str, str]) -> None:
            nonlocal sent
            note(body.decode(errors="replace"))
            sent += 1
            post = self._http.post("/graphql", content=body, headers={**headers, **accept})
            check_answer(asyncio.run_coroutine_threadsafe(post, loop).result())

        await asyncio.to_thread(answers_well)
        return sent


def request(body: Any) -> bytes:
    """A JSON request body; any JSON value, as a hostile client may send."""
    return json.dumps(body).encode()


@pytest.fixture(scope="module")
async def fuzz_url(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A database of the suite's backend, the fuzz's alone."""
    backend = make_url(settings.database_url).get_backend_name()
    async for url in fresh_database(backend, tmp_path_factory.mktemp("fuzz")):
        yield url


@pytest.fixture(scope="module")
async def fuzz(settings: Settings, fuzz_url: str, example_site: Path) -> AsyncIterator[Fuzz]:
    """The app on the fuzz's database, with every program the suite enables, and its admin."""
    own = settings.replace(database_url=fuzz_url)
    database = Database.from_settings(own)
    await upgrade(database, load_registry(own))
    admin = await add_platform_admin(database)
    app = create_app(own, database=database)
    headers = {"Authorization": f"Bearer {mint_token(TOKEN_SECRET, admin, timedelta(hours=1))}"}
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://fuzz.test") as http:
            await _seed(Factory(GraphQLClient(http, headers)))
            yield Fuzz(app, http, headers)
    finally:
        await database.dispose()


async def _seed(make: Factory) -> None:
    """A few rows of each core kind, so that small IDs name something."""
    for _ in range(2):
        organization = await make.organization()
        await make.person(organization=organization)
        await make.group(organization=organization)
        await make.activity(organization=organization)


@pytest.mark.parametrize(
    ("operation", "viewer"),
    [(queries, "admin"), (queries, "anonymous"), (mutations, "admin"), (mutations, "anonymous")],
    ids=["query-admin", "query-anonymous", "mutation-admin", "mutation-anonymous"],
)
async def test_generated_operations_answer_json_with_coded_errors(
    fuzz: Fuzz, operation: Callable[..., st.SearchStrategy[str]], viewer: str
) -> None:
    documents = one_root_field(
        operation, fuzz.schema, fuzz.root(operation), custom_scalars=fuzz.scalars
    )
    sent = await fuzz.answers_well(documents.map(lambda q: request({"query": q})), viewer)
    assert sent >= EXAMPLES // 2


@pytest.mark.parametrize("operation", [queries, mutations], ids=["query", "mutation"])
async def test_operations_with_one_schema_violation_answer_json_with_coded_errors(
    fuzz: Fuzz, operation: Callable[..., st.SearchStrategy[str]]
) -> None:
    """Refused in validation, before anyone's identity matters: anonymous suffices."""
    documents = operation(fuzz.schema, custom_scalars=fuzz.scalars, mode=Mode.NEGATIVE)
    sent = await fuzz.answers_well(documents.map(lambda q: request({"query": q})), "anonymous")
    assert sent >= EXAMPLES // 2


@pytest.mark.parametrize("viewer", ["admin", "anonymous"])
async def test_hostile_documents_and_variables_answer_json_with_coded_errors(
    fuzz: Fuzz, viewer: str
) -> None:
    """Almost-GraphQL text, and each root field with variables of wrong types at any depth."""
    valid = one_root_field(queries, fuzz.schema, fuzz.root(queries), custom_scalars=fuzz.scalars)
    mangled = valid.flatmap(mutate_text).map(lambda text: {"query": text})
    bodies = st.one_of(variable_requests(fuzz.schema, fuzz.node_types), mangled).map(request)
    assert await fuzz.answers_well(bodies, viewer) >= EXAMPLES // 2


TYPENAME = "{ __typename }"
# A persisted query's extension (core.graphql.persisted), of any shape, version and hash.
PERSISTED = st.fixed_dictionaries(
    {
        "persistedQuery": st.one_of(
            JSON_VALUES,
            st.fixed_dictionaries(
                {},
                optional={
                    "version": st.one_of(st.just(1), JSON_VALUES),
                    "sha256Hash": st.one_of(
                        st.just(hashlib.sha256(TYPENAME.encode()).hexdigest()), JSON_VALUES
                    ),
                },
            ),
        )
    }
)
HOSTILE_BODIES = st.one_of(
    st.binary(max_size=64),
    JSON_VALUES.map(request),
    st.fixed_dictionaries(
        {},
        optional={
            "query": st.one_of(st.just(TYPENAME), JSON_VALUES),
            "variables": JSON_VALUES,
            "operationName": JSON_VALUES,
            "extensions": st.one_of(JSON_VALUES, PERSISTED),
        },
    ).map(request),
)


async def test_hostile_bodies_answer_json_with_coded_errors(fuzz: Fuzz) -> None:
    """Any bytes, any JSON value, and request objects whose members have the wrong types:
    refused before GraphQL runs, so before anyone's identity matters."""
    assert await fuzz.answers_well(HOSTILE_BODIES, "anonymous") >= EXAMPLES // 2
