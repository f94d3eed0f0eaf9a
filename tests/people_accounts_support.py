"""People's accounts as a frontend changes them: the documents, and a person of a fresh
organization with their own client and the organization's coordinator.

A support module: the account, identity-provider and authorization-matrix tests share these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.factories import Factory
from tests.graphql_client import GraphQLClient

PERSON_FIELDS = "person { id givenName familyName email active deactivatedAt authSubject }"
ERRORS = "errors { code field message }"


def _account(name: str, input_type: str) -> str:
    return f"""
mutation($input: {input_type}!) {{ {name}(input: $input) {{ {PERSON_FIELDS} {ERRORS} }} }}"""


UPDATE_PERSON = _account("updatePerson", "UpdatePersonInput")
DEACTIVATE_PERSON = _account("deactivatePerson", "PersonAccountInput")
REACTIVATE_PERSON = _account("reactivatePerson", "PersonAccountInput")
LINK_AUTH_SUBJECT = _account("linkAuthSubject", "LinkAuthSubjectInput")
UNLINK_AUTH_SUBJECT = _account("unlinkAuthSubject", "PersonAccountInput")
ASSIGN_ROLE = """
mutation($input: AssignRoleInput!) {
  assignRole(input: $input) { roleAssignment { id } errors { code field message } }
}"""
PEOPLE = """
query($search: String, $all: Boolean!) {
  people(search: $search, includeDeactivated: $all) { nodes { id active } }
}"""
PERSON = "query($id: ID!) { node(id: $id) { ... on Person { id active roles { role } } } }"


@dataclass(frozen=True)
class Account:
    """A member of a fresh organization, that organization's coordinator, and their clients."""

    person: str
    email: str
    family_name: str
    organization: str
    coordinator: str
    client: Callable[[int | str | None], GraphQLClient]

    @property
    def own(self) -> GraphQLClient:
        return self.client(self.person)

    @property
    def staff(self) -> GraphQLClient:
        return self.client(self.coordinator)


async def new_account(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Account:
    organization = await make.organization()
    person = await make.person(organization=organization)
    coordinator = await make.person("OTHER", organization=organization)
    await gql.mutate(
        ASSIGN_ROLE, personId=coordinator, organizationId=organization, role="COORDINATOR"
    )
    body = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Person { email familyName } } }", {"id": person}
    )
    node = body["node"]
    return Account(person, node["email"], node["familyName"], organization, coordinator, client_for)


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["errors"]]
