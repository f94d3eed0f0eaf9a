"""Signing in with the organization's identity provider: a platform admin links a person to
the subject of their OIDC tokens and unlinks it; a subject names at most one person, however
many links race for it (the unique column decides)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.people_accounts_support import (
    DEACTIVATE_PERSON,
    LINK_AUTH_SUBJECT,
    UNLINK_AUTH_SUBJECT,
    Account,
    codes,
    new_account,
)
from tests.test_tokens_oidc import IdentityProvider, oidc_http, provider  # noqa: F401
from tests.token_support import (
    ask_me,
    assert_unauthenticated,
    me_with,
    oidc_claims,
    rs256,
    unique_subject,
)

Clients = Callable[[int | str | None], GraphQLClient]
RACERS = 20


async def linked(gql: GraphQLClient, person: str) -> str:
    """A fresh subject, linked to the person by the platform admin."""
    subject = unique_subject()
    await gql.mutate(LINK_AUTH_SUBJECT, personId=person, authSubject=subject)
    return subject


@pytest.fixture
async def account(gql: GraphQLClient, make: Factory, client_for: Clients) -> Account:
    return await new_account(gql, make, client_for)


async def test_core_person_linked_subject_signs_in_as_the_person(
    account: Account,
    gql: GraphQLClient,
    oidc_http: httpx.AsyncClient,  # noqa: F811
    provider: IdentityProvider,  # noqa: F811
) -> None:
    subject = unique_subject()

    payload = await gql.mutate(LINK_AUTH_SUBJECT, personId=account.person, authSubject=subject)

    assert payload["person"]["authSubject"] == subject
    me = await me_with(oidc_http, rs256(oidc_claims(subject), provider.key))
    assert me == {"id": account.person, "email": account.email}


async def test_core_person_unlinked_subject_no_longer_signs_in(
    account: Account,
    gql: GraphQLClient,
    oidc_http: httpx.AsyncClient,  # noqa: F811
    provider: IdentityProvider,  # noqa: F811
) -> None:
    subject = await linked(gql, account.person)

    payload = await gql.mutate(UNLINK_AUTH_SUBJECT, personId=account.person)

    assert payload["person"]["authSubject"] is None
    token = rs256(oidc_claims(subject), provider.key)
    assert_unauthenticated(await ask_me(oidc_http, f"Bearer {token}"), "names no one")


async def test_core_person_deactivated_subject_is_refused(
    account: Account,
    gql: GraphQLClient,
    oidc_http: httpx.AsyncClient,  # noqa: F811
    provider: IdentityProvider,  # noqa: F811
) -> None:
    subject = await linked(gql, account.person)
    await gql.mutate(DEACTIVATE_PERSON, personId=account.person)

    response = await ask_me(oidc_http, f"Bearer {rs256(oidc_claims(subject), provider.key)}")

    assert response.status_code == 401
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "CORE-PERSON-DEACTIVATED"


async def test_core_person_subject_taken_by_another_person_is_refused(
    account: Account, gql: GraphQLClient
) -> None:
    subject = await linked(gql, account.coordinator)

    payload = await gql.payload(LINK_AUTH_SUBJECT, personId=account.person, authSubject=subject)

    assert codes(payload) == ["CORE-PERSON-SUBJECT-TAKEN"]


async def test_core_person_subject_taken_holds_under_concurrent_links(
    gql: GraphQLClient, make: Factory
) -> None:
    organization = await make.organization()
    people = [await make.person(organization=organization) for _ in range(RACERS)]
    subject = unique_subject()

    payloads = await asyncio.gather(
        *(gql.payload(LINK_AUTH_SUBJECT, personId=p, authSubject=subject) for p in people)
    )

    linked = [p["person"]["id"] for p in payloads if not p["errors"]]
    assert len(linked) == 1
    assert sorted(c for p in payloads for c in codes(p)) == ["CORE-PERSON-SUBJECT-TAKEN"] * (
        RACERS - 1
    )


async def test_core_person_no_subject_to_unlink_is_refused(
    account: Account, gql: GraphQLClient
) -> None:
    payload = await gql.payload(UNLINK_AUTH_SUBJECT, personId=account.person)

    assert codes(payload) == ["CORE-PERSON-NO-SUBJECT"]


@pytest.mark.parametrize("subject", ["", "   ", "x" * 256])
async def test_core_person_blank_or_long_subject_is_invalid(
    account: Account, gql: GraphQLClient, subject: str
) -> None:
    payload = await gql.payload(LINK_AUTH_SUBJECT, personId=account.person, authSubject=subject)

    assert codes(payload) == ["INVALID"]


async def test_core_person_subject_shown_to_the_person_and_platform_admins_only(
    account: Account, gql: GraphQLClient
) -> None:
    subject = await linked(gql, account.person)
    query = "query($id: ID!) { node(id: $id) { ... on Person { authSubject } } }"

    seen = [
        (await client.data(query, {"id": account.person}))["node"]["authSubject"]
        for client in (account.own, gql, account.staff)
    ]

    assert seen == [subject, subject, None]
