"""A BC PSP-shaped tree for the hierarchy tests, made through the public API.

    province (GPSC's provincial office)
    ├── rst_north: coordinator N        ├── rst_south
    │   ├── div_a  (member of each      │   └── div_c
    │   └── div_b   division: a person)
    (and the province has a member of its own)

Each test builds its own tree, so a move in one test changes nothing another sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.authz_documents import ASSIGN_ROLE, PEOPLE
from tests.factories import CREATE_GROUP, CREATE_ORGANIZATION, Factory, unique
from tests.graphql_client import GraphQLClient

ORGANIZATIONS = ("province", "rst_north", "rst_south", "div_a", "div_b", "div_c")
PARENTS = {
    "rst_north": "province",
    "rst_south": "province",
    "div_a": "rst_north",
    "div_b": "rst_north",
    "div_c": "rst_south",
}

MOVE_ORGANIZATION = """
mutation($input: MoveOrganizationInput!) {
  moveOrganization(input: $input) {
    organization { id parent { id } }
    errors { code field message }
  }
}"""

TREE = """
query($id: ID!) {
  node(id: $id) {
    ... on Organization {
      id name parent { id } children { id } ancestors { id }
    }
  }
}"""


@dataclass
class Tree:
    ids: dict[str, str]
    members: dict[str, str]
    admin: GraphQLClient
    client_for: Callable[[int | str | None], GraphQLClient] = field(repr=False)
    coordinator: GraphQLClient | None = None

    @property
    def north(self) -> GraphQLClient:
        """The coordinator of rst_north."""
        assert self.coordinator is not None
        return self.coordinator


async def create_organization(
    client: GraphQLClient, parent: str | None = None, kind: str = "division"
) -> dict[str, Any]:
    """The whole response of creating an organization (under ``parent``, if given)."""
    return await client.execute(
        CREATE_ORGANIZATION,
        {"input": {"name": unique("Org"), "kind": kind, "parentId": parent}},
    )


async def move(client: GraphQLClient, organization: str, parent: str | None) -> dict[str, Any]:
    """The whole response of a move: a refusal may be a GraphQL error or a payload error."""
    return await client.execute(
        MOVE_ORGANIZATION, {"input": {"organizationId": organization, "parentId": parent}}
    )


async def build_tree(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Tree:
    ids: dict[str, str] = {}
    for name in ORGANIZATIONS:
        payload = await gql.mutate(
            CREATE_ORGANIZATION,
            name=unique(name),
            kind=name.split("_")[0],
            parentId=ids.get(PARENTS.get(name, "")),
        )
        ids[name] = payload["organization"]["id"]
    members = {name: await make.person(organization=ids[name]) for name in ORGANIZATIONS}
    tree = Tree(ids, members, gql, client_for)
    tree.coordinator = await staff_of(tree, "rst_north")
    return tree


async def staff_of(tree: Tree, organization: str) -> GraphQLClient:
    """A client for a new coordinator of ``organization``."""
    person = await Factory(tree.admin).person(
        profession="OTHER", organization=tree.ids[organization]
    )
    await tree.admin.mutate(
        ASSIGN_ROLE, personId=person, organizationId=tree.ids[organization], role="COORDINATOR"
    )
    return tree.client_for(person)


async def people_seen(client: GraphQLClient) -> set[str]:
    return {n["id"] for n in (await client.data(PEOPLE))["people"]["nodes"]}


async def create_group(client: GraphQLClient, organization: str) -> dict[str, Any]:
    """The whole response of creating an example circle in ``organization``."""
    return await client.execute(
        CREATE_GROUP,
        {
            "input": {
                "organizationId": organization,
                "kind": "example.circle",
                "name": unique("Circle"),
                "capacity": 8,
            }
        },
    )


def error_code(body: dict[str, Any]) -> str | None:
    """The refusal's code, whether a GraphQL error (FORBIDDEN) or a payload's rule code."""
    if body.get("errors"):
        return str(body["errors"][0]["extensions"]["code"])
    (payload,) = body["data"].values()
    return payload["errors"][0]["code"] if payload["errors"] else None


async def tree_of(client: GraphQLClient, organization: str) -> dict[str, Any]:
    return (await client.data(TREE, {"id": organization}))["node"]
