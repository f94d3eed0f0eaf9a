"""Relay conventions a client relies on: global IDs fetch their object back through ``node``,
and cursor pagination visits every item once, within a bounded page size."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from core.db import Database
from core.graphql.relay import to_global_id
from core.people.models import Organization
from core.settings import Settings
from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"

PEOPLE = """
query($first: Int!, $after: String, $search: String) {
  people(first: $first, after: $after, search: $search) {
    edges { cursor node { id familyName } }
    pageInfo { hasNextPage endCursor }
  }
}"""

ORGANIZATIONS = """
query($first: Int!, $after: String) {
  organizations(first: $first, after: $after) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def walk(gql: GraphQLClient, query: str, **variables: Any) -> tuple[list[str], int]:
    """Every ID of a connection, page by page, and the number of pages it took."""
    seen: list[str] = []
    after: str | None = None
    pages = 0
    while True:
        (connection,) = (await gql.data(query, {**variables, "after": after})).values()
        pages += 1
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return seen, pages
        after = connection["pageInfo"]["endCursor"]


@pytest.mark.parametrize("type_name", ["Organization", "Person", "Group", "Activity"])
async def test_global_id_round_trips_through_node(
    gql: GraphQLClient, make: Factory, type_name: str
) -> None:
    made = await getattr(make, type_name.lower())()

    node = (await gql.data(NODE, {"id": made}))["node"]

    assert node == {"__typename": type_name, "id": made}


async def test_people_pagination_visits_each_match_once(gql: GraphQLClient, make: Factory) -> None:
    family = unique("Pager").replace(" ", "-")
    made = [await make.person(familyName=f"{family}-{i}") for i in range(5)]

    seen, pages = await walk(gql, PEOPLE, first=2, search=family)

    assert seen == made
    assert pages == 3


async def test_organizations_pagination_visits_each_row_once(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    made = [await make.organization() for _ in range(3)]
    async with database.read() as session:
        total = await session.scalar(select(func.count()).select_from(Organization))

    seen, _ = await walk(gql, ORGANIZATIONS, first=7)

    assert len(seen) == len(set(seen)) == total
    assert set(made) <= set(seen)


async def test_full_last_page_says_no_next_page(gql: GraphQLClient, make: Factory) -> None:
    """Items filling the last page exactly must not make the client fetch an empty page."""
    family = unique("Exact").replace(" ", "-")
    made = [await make.person(familyName=f"{family}-{i}") for i in range(4)]

    seen, pages = await walk(gql, PEOPLE, first=2, search=family)

    assert seen == made
    assert pages == 2


@pytest.mark.parametrize("first", [101, -1], ids=["above-maximum", "negative"])
async def test_page_size_outside_bounds_is_bad_user_input(
    gql: GraphQLClient, settings: Settings, first: int
) -> None:
    assert settings.max_page_size == 100

    body = await gql.execute(PEOPLE, {"first": first})

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "first must be between 0 and 100."
    assert body["data"] is None


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", to_global_id("Person", 1)],
    ids=["garbage", "global-id-as-cursor"],
)
async def test_bad_cursor_is_bad_user_input(gql: GraphQLClient, cursor: str) -> None:
    body = await gql.execute(PEOPLE, {"first": 1, "after": cursor})

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == f"{cursor!r} is not a valid cursor."
