"""A signed-in person and their grants are read once and reused for a few seconds
(``PEERLEARN_VIEWER_CACHE_SECONDS``); any write this process commits drops them, so a role
granted or an account deactivated here holds from the very next request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx

from core.app import create_app
from core.db import Database
from core.graphql.relay import from_global_id
from core.settings import Settings
from core.tokens import mint_token
from tests.authz_documents import ASSIGN_ROLE
from tests.conftest import TOKEN_SECRET
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.statement_counting import counting_statements

Clients = Callable[[int | str | None], GraphQLClient]
PEOPLE = "{ people(first: 100) { nodes { id } } }"
DEACTIVATE = """
mutation($input: PersonAccountInput!) {
  deactivatePerson(input: $input) { errors { code } }
}"""


async def _statements(client: GraphQLClient, database: Database) -> int:
    with counting_statements(database) as statements:
        await client.data(PEOPLE)
    return len(statements)


async def test_a_viewer_is_read_once_then_reused(
    make: Factory, database: Database, client_for: Clients
) -> None:
    client = client_for(await make.person())

    first = await _statements(client, database)
    again = await _statements(client, database)

    assert again == first - 2  # the person, then their grants


async def test_a_role_granted_holds_from_the_next_request(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    organization = await make.organization()
    person, colleague = await make.person(organization=organization), await make.person()
    await gql.mutate(
        ASSIGN_ROLE, personId=colleague, organizationId=organization, role="MEMBER", program=None
    )
    client = client_for(person)
    before = await client.data(PEOPLE)

    await gql.mutate(
        ASSIGN_ROLE,
        personId=person,
        organizationId=organization,
        role="COORDINATOR",
        program=None,
    )
    after = await client.data(PEOPLE)

    assert colleague not in {p["id"] for p in before["people"]["nodes"]}
    assert colleague in {p["id"] for p in after["people"]["nodes"]}


async def test_a_deactivated_account_is_refused_from_the_next_request(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    person = await make.person()
    client = client_for(person)
    await client.data(PEOPLE)

    await gql.mutate(DEACTIVATE, personId=person)
    response = await client.http.post("/graphql", json={"query": PEOPLE}, headers=client.headers)

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "CORE-PERSON-DEACTIVATED"


async def test_no_viewer_is_kept_when_the_cache_is_off(
    settings: Settings, database: Database, make: Factory
) -> None:
    person = from_global_id(await make.person())[1]
    app = create_app(settings.model_copy(update={"viewer_cache_seconds": 0}), database=database)
    token = mint_token(TOKEN_SECRET, person, timedelta(hours=1))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://uncached.test"
    ) as http:
        client = GraphQLClient(http, {"Authorization": f"Bearer {token}"})
        first = await _statements(client, database)
        again = await _statements(client, database)

    assert again == first
