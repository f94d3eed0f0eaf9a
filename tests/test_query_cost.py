"""List fields cost a fixed number of SQL statements, however many items they return: every
relation goes through a per-request DataLoader, never a query per item."""

from __future__ import annotations

from core.db import Database
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient
from tests.statement_counting import counting_statements

MAX_STATEMENTS = 8
CIRCLE_SIZE = 12  # the example program's largest circle; members beyond it are waitlisted

GROUPS = """
query($org: ID!) {
  groups(first: 50, program: "example", organizationId: $org) {
    edges { node {
      name memberCount placesLeft organization { name }
      memberships { status person { name email } }
    } }
  }
}"""


async def organization_with_groups(make: Factory, gql: GraphQLClient, *sizes: int) -> str:
    """A fresh organization holding one example circle per size, each with that many
    memberships (active up to the circle's capacity, waitlisted after)."""
    organization = await make.organization()
    for size in sizes:
        group = await make.group(capacity=min(size, CIRCLE_SIZE), organization=organization)
        for _ in range(size):
            person = await make.person()
            await gql.mutate(JOIN_GROUP, groupId=group, personId=person, waitlist=True)
    return organization


async def statements_for(
    gql: GraphQLClient, database: Database, organization: str, *sizes: int
) -> int:
    """Statements run by the group list query, after checking it returned every membership."""
    with counting_statements(database) as statements:
        groups = (await gql.data(GROUPS, {"org": organization}))["groups"]["edges"]
    assert [len(g["node"]["memberships"]) for g in groups] == list(sizes)
    assert all(all(m["person"]["email"] for m in g["node"]["memberships"]) for g in groups)
    return len(statements)


async def test_group_list_statements_do_not_grow_with_members(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    ten = await organization_with_groups(make, gql, 10)
    twenty = await organization_with_groups(make, gql, 20)

    cost_ten = await statements_for(gql, database, ten, 10)
    cost_twenty = await statements_for(gql, database, twenty, 20)

    assert cost_ten == cost_twenty
    assert cost_twenty <= MAX_STATEMENTS


async def test_group_list_statements_do_not_grow_with_groups(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    one = await organization_with_groups(make, gql, 3)
    three = await organization_with_groups(make, gql, 3, 3, 3)

    cost_one = await statements_for(gql, database, one, 3)
    cost_three = await statements_for(gql, database, three, 3, 3, 3)

    assert cost_one == cost_three
    assert cost_three <= MAX_STATEMENTS
