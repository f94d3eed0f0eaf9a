"""People's accounts through the API: a person corrects their own contact details, staff who
could grant every role a person holds correct, deactivate and reactivate them; a deactivated
person cannot sign in (401, CORE-PERSON-DEACTIVATED), leaves the people list unless it is
asked for, and keeps their history."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx
import pytest

from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient, GraphQLError
from tests.people_accounts_support import (
    ASSIGN_ROLE,
    DEACTIVATE_PERSON,
    PEOPLE,
    PERSON,
    REACTIVATE_PERSON,
    UPDATE_PERSON,
    Account,
    codes,
    new_account,
)
from tests.token_support import ME

Clients = Callable[[int | str | None], GraphQLClient]


@pytest.fixture
async def account(gql: GraphQLClient, make: Factory, client_for: Clients) -> Account:
    return await new_account(gql, make, client_for)


def forbidden(error: GraphQLError) -> bool:
    return [e["extensions"]["code"] for e in error.args[0]] == ["FORBIDDEN"]


async def test_core_person_corrects_their_own_contact_details(account: Account) -> None:
    email = f"corrected-{uuid.uuid4().hex}@Example.org"

    payload = await account.own.mutate(
        UPDATE_PERSON, personId=account.person, givenName=" Ada ", email=email
    )

    person = payload["person"]
    assert (person["givenName"], person["familyName"]) == ("Ada", account.family_name)
    assert person["email"] == email.lower()
    me = await account.own.data("{ me { email } }")
    assert me["me"]["email"] == email.lower()


async def test_core_person_staff_correct_a_member_of_their_organization(account: Account) -> None:
    payload = await account.staff.mutate(UPDATE_PERSON, personId=account.person, familyName="Roe")

    assert payload["person"]["familyName"] == "Roe"


@pytest.mark.parametrize(
    "who", ["member of another organization", "staff of another organization", "colleague"]
)
async def test_core_person_others_cannot_correct_a_person(
    account: Account, gql: GraphQLClient, make: Factory, client_for: Clients, who: str
) -> None:
    if who == "colleague":
        caller = await make.person(organization=account.organization)
    else:
        other = await new_account(gql, make, client_for)
        caller = other.coordinator if who.startswith("staff") else other.person

    with pytest.raises(GraphQLError) as refused:
        await client_for(caller).mutate(UPDATE_PERSON, personId=account.person, givenName="X")

    assert forbidden(refused.value)


async def test_core_person_coordinator_cannot_change_an_admin_of_their_organization(
    account: Account, gql: GraphQLClient
) -> None:
    """No one changes someone holding a role they could not grant."""
    await gql.mutate(
        ASSIGN_ROLE, personId=account.person, organizationId=account.organization, role="ADMIN"
    )

    for document in (UPDATE_PERSON, DEACTIVATE_PERSON):
        with pytest.raises(GraphQLError) as refused:
            await account.staff.mutate(document, personId=account.person)
        assert forbidden(refused.value)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("givenName", "  ", "INVALID"),
        ("familyName", "", "INVALID"),
        ("email", "not-an-address", "INVALID"),
        ("email", "taken", "UNIQUE"),
    ],
)
async def test_core_person_correction_refused_for_bad_details(
    account: Account, gql: GraphQLClient, field: str, value: str, code: str
) -> None:
    if value == "taken":
        node = await gql.data(
            PERSON.replace("roles { role }", "email"), {"id": account.coordinator}
        )
        value = node["node"]["email"]

    payload = await account.own.payload(UPDATE_PERSON, personId=account.person, **{field: value})

    assert codes(payload) == [code]
    assert payload["errors"][0]["field"] == field


async def test_core_person_deactivated_cannot_sign_in(
    account: Account, http: httpx.AsyncClient
) -> None:
    await account.staff.mutate(DEACTIVATE_PERSON, personId=account.person)

    response = await http.post("/graphql", json={"query": ME}, headers=account.own.headers)

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "CORE-PERSON-DEACTIVATED"
    assert "deactivated" in error["message"]


async def test_core_person_deactivated_keeps_their_roles_and_places(
    account: Account, make: Factory, gql: GraphQLClient
) -> None:
    group = await make.group(organization=account.organization)
    await gql.mutate(JOIN_GROUP, groupId=group, personId=account.person)

    payload = await account.staff.mutate(DEACTIVATE_PERSON, personId=account.person)

    assert payload["person"]["active"] is False
    assert payload["person"]["deactivatedAt"] is not None
    node = await account.staff.data(
        "query($id: ID!) { node(id: $id) { ... on Person { roles { role } "
        "memberships { nodes { status group { id } } } } } }",
        {"id": account.person},
    )
    assert node["node"]["roles"] == [{"role": "MEMBER"}]
    assert node["node"]["memberships"]["nodes"] == [{"status": "ACTIVE", "group": {"id": group}}]


async def test_core_person_deactivated_leaves_the_people_list_unless_asked(
    account: Account,
) -> None:
    await account.staff.mutate(DEACTIVATE_PERSON, personId=account.person)

    default = await account.staff.data(PEOPLE, {"search": account.family_name, "all": False})
    everyone = await account.staff.data(PEOPLE, {"search": account.family_name, "all": True})

    assert default["people"]["nodes"] == []
    assert everyone["people"]["nodes"] == [{"id": account.person, "active": False}]


async def test_core_person_reactivated_signs_in_again(account: Account) -> None:
    await account.staff.mutate(DEACTIVATE_PERSON, personId=account.person)

    payload = await account.staff.mutate(REACTIVATE_PERSON, personId=account.person)

    assert (payload["person"]["active"], payload["person"]["deactivatedAt"]) == (True, None)
    me = await account.own.data("{ me { id } }")
    assert me["me"]["id"] == account.person


async def test_core_person_self_staff_cannot_deactivate_themselves(account: Account) -> None:
    payload = await account.staff.payload(DEACTIVATE_PERSON, personId=account.coordinator)

    assert codes(payload) == ["CORE-PERSON-SELF"]


async def test_core_person_deactivated_twice_is_refused(account: Account) -> None:
    await account.staff.mutate(DEACTIVATE_PERSON, personId=account.person)

    payload = await account.staff.payload(DEACTIVATE_PERSON, personId=account.person)

    assert codes(payload) == ["CORE-PERSON-DEACTIVATED"]


async def test_core_person_active_cannot_be_reactivated(account: Account) -> None:
    payload = await account.staff.payload(REACTIVATE_PERSON, personId=account.person)

    assert codes(payload) == ["CORE-PERSON-ACTIVE"]
