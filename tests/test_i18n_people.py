"""Refusals of who you are, what you may touch, what exists and core's people, plan and
enrolment rules come back in the reader's language, with the same ``extensions.code`` or rule
code: the request's ``Accept-Language``, unless the signed-in person chose a language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from core.graphql.relay import to_global_id
from core.settings import Settings
from tests.enrolment_support import ENROLMENTS, PROGRAM, REQUEST, Office, codes, office, requested
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient

APOSTROPHE = "\u2019"  # French typography's apostrophe, spelled out for the linter
FR = {"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}
NO_SUCH_GROUP = to_global_id("Group", 999999)
SET_LANGUAGE = """
mutation($input: SetLanguageInput!) {
  setLanguage(input: $input) { person { id } errors { code field message } }
}"""
ME = "{ me { id } }"


def in_french(client: GraphQLClient) -> GraphQLClient:
    return GraphQLClient(client.http, {**client.headers, **FR})


def only_error(body: dict[str, Any]) -> tuple[str, str]:
    (error,) = body["errors"]
    return error["extensions"]["code"], error["message"]


@pytest.fixture
async def o(make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]) -> Office:
    return await office(make, gql, client_for)


async def test_unauthenticated_is_refused_in_french(http: httpx.AsyncClient) -> None:
    anonymous = GraphQLClient(http)

    english = await anonymous.execute(SET_LANGUAGE, {"input": {"language": "FR"}})
    french = await in_french(anonymous).execute(SET_LANGUAGE, {"input": {"language": "FR"}})

    assert only_error(english) == ("UNAUTHENTICATED", "Sign in to do this.")
    assert only_error(french) == ("UNAUTHENTICATED", "Connectez-vous pour faire ceci.")


async def test_invalid_token_is_refused_in_french_with_content_language(
    http: httpx.AsyncClient,
) -> None:
    headers = {"Authorization": "Bearer not-a-token"}

    english = await http.post("/graphql", json={"query": ME}, headers=headers)
    french = await http.post("/graphql", json={"query": ME}, headers={**headers, **FR})

    assert english.status_code == french.status_code == 401
    assert only_error(english.json()) == ("UNAUTHENTICATED", "The bearer token is malformed.")
    assert only_error(french.json()) == ("UNAUTHENTICATED", "Le jeton porteur est mal formé.")
    assert (english.headers["Content-Language"], french.headers["Content-Language"]) == (
        "en",
        "fr",
    )


async def test_forbidden_is_refused_in_french(o: Office) -> None:
    variables = {"org": o.organization, "program": PROGRAM}

    english = await o.client.execute(ENROLMENTS, variables)
    french = await in_french(o.client).execute(ENROLMENTS, variables)

    assert only_error(english) == ("FORBIDDEN", "You are not allowed to do this.")
    assert only_error(french) == ("FORBIDDEN", f"Vous n{APOSTROPHE}êtes pas autorisé à faire ceci.")


async def test_not_found_is_refused_in_french(gql: GraphQLClient, make: Factory) -> None:
    person = await make.person()
    missing = {"input": {"groupId": NO_SUCH_GROUP, "personId": person}}
    wrong_type = {"input": {"groupId": person, "personId": person}}

    french = in_french(gql)

    assert only_error(await gql.execute(JOIN_GROUP, missing)) == ("NOT_FOUND", "No such group.")
    assert only_error(await french.execute(JOIN_GROUP, missing)) == (
        "NOT_FOUND",
        "Groupe introuvable.",
    )
    assert only_error(await french.execute(JOIN_GROUP, wrong_type)) == (
        "NOT_FOUND",
        f"Aucun objet Group avec l{APOSTROPHE}ID {person!r}.",
    )


async def test_core_enrolment_open_is_refused_in_french(o: Office) -> None:
    await requested(o)
    where = {"program": PROGRAM, "organizationId": o.organization}

    english = await o.client.payload(REQUEST, **where)
    french = await in_french(o.client).payload(REQUEST, **where)

    assert codes(english) == codes(french) == ["CORE-ENROLMENT-OPEN"]
    assert english["errors"][0]["message"].startswith("You already have a requested enrolment")
    assert french["errors"][0]["message"].startswith("Vous avez déjà une inscription au programme ")
    assert french["errors"][0]["field"] == english["errors"][0]["field"] == "program"


async def test_a_person_who_chose_french_reads_french_without_accept_language(
    o: Office, http: httpx.AsyncClient
) -> None:
    await o.client.mutate(SET_LANGUAGE, language="FR")
    await requested(o)

    refused = await o.client.payload(REQUEST, program=PROGRAM, organizationId=o.organization)
    response = await http.post("/graphql", json={"query": ME}, headers=o.client.headers)

    assert "Accept-Language" not in o.client.headers
    assert codes(refused) == ["CORE-ENROLMENT-OPEN"]
    assert refused["errors"][0]["message"].startswith("Vous avez déjà une inscription")
    assert response.headers["Content-Language"] == "fr"


async def test_a_person_who_chose_english_reads_english_despite_accept_language(
    o: Office, http: httpx.AsyncClient
) -> None:
    await o.client.mutate(SET_LANGUAGE, language="EN")
    await requested(o)
    french = in_french(o.client)

    refused = await french.payload(REQUEST, program=PROGRAM, organizationId=o.organization)
    forbidden = await french.execute(ENROLMENTS, {"org": o.organization, "program": PROGRAM})
    response = await http.post("/graphql", json={"query": ME}, headers=french.headers)

    assert codes(refused) == ["CORE-ENROLMENT-OPEN"]
    assert refused["errors"][0]["message"].startswith("You already have a requested enrolment")
    assert only_error(forbidden) == ("FORBIDDEN", "You are not allowed to do this.")
    assert response.headers["Content-Language"] == "en"


async def test_query_too_deep_is_refused_in_each_readers_language(
    gql: GraphQLClient, settings: Settings
) -> None:
    """The same document, validated once per language: a cached refusal in one reader's
    language is never served to a reader of the other."""
    depth = settings.max_query_depth
    nested = "children { " * depth + "name" + " }" * depth
    query = f'query TooDeep {{ node(id: "x") {{ ... on Group {{ {nested} }} }} }}'

    english = await gql.execute(query)
    french = await in_french(gql).execute(query)
    english_again = await gql.execute(query)

    assert (
        only_error(english)
        == only_error(english_again)
        == (
            "GRAPHQL_VALIDATION_FAILED",
            f"'TooDeep' exceeds maximum operation depth of {depth}",
        )
    )
    assert only_error(french) == (
        "GRAPHQL_VALIDATION_FAILED",
        f"« TooDeep » dépasse la profondeur maximale d{APOSTROPHE}opération de {depth}",
    )


async def test_payload_too_large_is_refused_in_french(
    http: httpx.AsyncClient, settings: Settings
) -> None:
    limit = settings.max_body_bytes
    body = b'{"query": "{ __typename }"' + b" " * limit + b"}"
    headers = {"Content-Type": "application/json", **FR}

    response = await http.post("/graphql", content=body, headers=headers)

    assert response.status_code == 413
    assert response.headers["Content-Language"] == "fr"
    assert only_error(response.json()) == (
        "PAYLOAD_TOO_LARGE",
        f"Le corps de la requête dépasse {limit} octets.",
    )
