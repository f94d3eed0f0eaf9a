"""Relay cursor connections read backwards as well as forwards (``last``/``before``,
``hasPreviousPage``/``startCursor``), and the lists that grow (a person's messages, dues and
places, a group's places, a transcript's entries) are connections that page both ways."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from core.credits.models import CreditEntry
from core.db import Database
from core.due_items.models import DueItem
from core.graphql.relay import from_global_id, to_global_id
from core.notifications.models import Notification
from core.settings import Settings
from tests.factories import JOIN_GROUP, Factory, unique
from tests.graphql_client import GraphQLClient

PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
ARGUMENTS = "first: $first, after: $after, last: $last, before: $before"
VARIABLES = "$first: Int, $after: String, $last: Int, $before: String"

PEOPLE = f"""
query({VARIABLES}, $search: String) {{
  people({ARGUMENTS}, search: $search) {{ edges {{ cursor node {{ id }} }} {PAGE_INFO} }}
}}"""


def of_person(field: str, selection: str, arguments: str = "") -> str:
    return f"""
query($id: ID!, {VARIABLES}) {{
  node(id: $id) {{ ... on Person {{
    {field}({ARGUMENTS}{arguments}) {{ edges {{ cursor node {{ {selection} }} }} {PAGE_INFO} }}
  }} }}
}}"""


async def page(gql: GraphQLClient, query: str, **variables: Any) -> dict[str, Any]:
    """The one connection a query reads, however deep it sits."""
    found: Any = await gql.data(query, variables)
    while "edges" not in found:
        (found,) = found.values()
    return found


def nodes(connection: dict[str, Any]) -> list[Any]:
    return [edge["node"] for edge in connection["edges"]]


async def forwards(gql: GraphQLClient, query: str, size: int, **variables: Any) -> list[Any]:
    """Every item, read with first/after until no page follows."""
    seen: list[Any] = []
    after = None
    while True:
        found = await page(gql, query, first=size, after=after, **variables)
        seen += nodes(found)
        assert found["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not found["pageInfo"]["hasNextPage"]:
            return seen
        after = found["pageInfo"]["endCursor"]


async def backwards(gql: GraphQLClient, query: str, size: int, **variables: Any) -> list[Any]:
    """Every item, read with last/before from the end until no page precedes."""
    seen: list[Any] = []
    before = None
    while True:
        found = await page(gql, query, last=size, before=before, **variables)
        seen = nodes(found) + seen
        assert found["pageInfo"]["hasNextPage"] is (before is not None)
        if not found["pageInfo"]["hasPreviousPage"]:
            return seen
        before = found["pageInfo"]["startCursor"]


async def people_named(make: Factory, count: int) -> tuple[str, list[str]]:
    family = unique("Backward").replace(" ", "-")
    return family, [await make.person(familyName=f"{family}-{i}") for i in range(count)]


async def test_last_walks_the_whole_list_from_the_end(gql: GraphQLClient, make: Factory) -> None:
    family, made = await people_named(make, 5)

    seen = await backwards(gql, PEOPLE, 2, search=family)

    assert [person["id"] for person in seen] == made


async def test_backward_and_forward_cursors_are_the_same_positions(
    gql: GraphQLClient, make: Factory
) -> None:
    family, made = await people_named(make, 4)
    start = await page(gql, PEOPLE, first=2, search=family)

    before_end = await page(
        gql, PEOPLE, last=1, before=start["pageInfo"]["endCursor"], search=family
    )
    from_end = await page(gql, PEOPLE, last=2, search=family)
    after_start = await page(
        gql, PEOPLE, first=5, after=from_end["pageInfo"]["startCursor"], search=family
    )

    assert [p["id"] for p in nodes(before_end)] == made[:1]
    assert [p["id"] for p in nodes(after_start)] == made[3:]
    assert [edge["cursor"] for edge in from_end["edges"]] == [
        edge["cursor"] for edge in (await page(gql, PEOPLE, first=4, search=family))["edges"][2:]
    ]


# (arguments, with cursors named by the item they stand at) -> (items shown, previous, next)
WINDOWS = [
    ({"first": 2}, [0, 1], False, True),
    ({"first": 2, "after": 1}, [2, 3], True, False),
    ({"last": 2}, [2, 3], True, False),
    ({"last": 2, "before": 2}, [0, 1], False, True),
    ({"first": 10}, [0, 1, 2, 3], False, False),
    ({"last": 10}, [0, 1, 2, 3], False, False),
    ({"first": 1, "after": 0, "before": 3}, [1], True, True),
    ({"last": 1, "after": 0, "before": 3}, [2], True, True),
    ({"first": 2, "after": 3}, [], True, False),
    ({"last": 2, "before": 0}, [], False, True),
]


@pytest.mark.parametrize(("arguments", "shown", "previous", "following"), WINDOWS)
async def test_page_info_says_what_lies_beyond_each_end(
    gql: GraphQLClient,
    make: Factory,
    arguments: dict[str, int],
    shown: list[int],
    previous: bool,
    following: bool,
) -> None:
    family, made = await people_named(make, 4)
    cursors = [
        edge["cursor"] for edge in (await page(gql, PEOPLE, first=4, search=family))["edges"]
    ]
    variables = {k: cursors[v] if k in ("after", "before") else v for k, v in arguments.items()}

    found = await page(gql, PEOPLE, search=family, **variables)

    assert [p["id"] for p in nodes(found)] == [made[i] for i in shown]
    assert found["pageInfo"]["hasPreviousPage"] is previous
    assert found["pageInfo"]["hasNextPage"] is following
    edges = found["edges"]
    assert found["pageInfo"]["startCursor"] == (edges[0]["cursor"] if edges else None)
    assert found["pageInfo"]["endCursor"] == (edges[-1]["cursor"] if edges else None)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"last": 101}, "last must be between 0 and 100."),
        ({"last": -1}, "last must be between 0 and 100."),
        ({"first": 1, "last": 1}, "Pass first or last, not both."),
        ({"last": 1, "before": "not-a-cursor"}, "'not-a-cursor' is not a valid cursor."),
    ],
    ids=["last-above-maximum", "last-negative", "first-and-last", "bad-before"],
)
async def test_backward_arguments_out_of_bounds_are_bad_user_input(
    gql: GraphQLClient, settings: Settings, variables: dict[str, Any], message: str
) -> None:
    assert settings.max_page_size == 100

    body = await gql.execute(PEOPLE, variables)

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == message
    assert body["data"] is None


async def test_cursor_of_another_list_is_bad_user_input(
    gql: GraphQLClient, make: Factory, platform_admin: int
) -> None:
    """A person list's cursor holds a key; a message list's holds a time and a key."""
    family, _ = await people_named(make, 1)
    cursor = (await page(gql, PEOPLE, first=1, search=family))["pageInfo"]["endCursor"]
    query = of_person("notifications", "message")

    body = await gql.execute(query, {"id": to_global_id("Person", platform_admin), "after": cursor})

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == f"{cursor!r} is not a valid cursor."


@dataclass(frozen=True)
class Listing:
    """A growing list: how to read it, and how to give a new parent three items of it, which
    come back with the client that may read them and the items in the list's order."""

    query: str
    seed: Callable[..., Awaitable[tuple[GraphQLClient, str, list[Any]]]]


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 1, day, hour, tzinfo=UTC)


async def messages(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Any
) -> tuple[GraphQLClient, str, list[Any]]:
    """Newest first, whatever order they were written in."""
    person = await make.person()
    sent = [("Second", at(2)), ("Third", at(3)), ("First", at(1))]
    async with database.write() as session:
        session.add_all(
            Notification(
                person_id=from_global_id(person)[1],
                program="core",
                kind="core.note",
                message=text,
                created_at=when,
            )
            for text, when in sent
        )
    return client_for(person), person, [{"message": m} for m in ("Third", "Second", "First")]


async def dues(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Any
) -> tuple[GraphQLClient, str, list[Any]]:
    """Soonest first, whatever order they were set in."""
    person = await make.person()
    async with database.write() as session:
        session.add_all(
            DueItem(
                person_id=from_global_id(person)[1],
                program="core",
                kind="core.task",
                title=f"Due {day}",
                due_on=date(2030, 1, day),
            )
            for day in (3, 1, 2)
        )
    return gql, person, [{"title": f"Due {day}"} for day in (1, 2, 3)]


async def places_of_person(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Any
) -> tuple[GraphQLClient, str, list[Any]]:
    person = await make.person()
    groups = [await make.group() for _ in range(3)]
    for group in groups:
        await gql.mutate(JOIN_GROUP, groupId=group, personId=person, waitlist=True)
    return gql, person, [{"group": {"id": group}} for group in groups]


async def places_in_group(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Any
) -> tuple[GraphQLClient, str, list[Any]]:
    group = await make.group()
    people = [await make.person() for _ in range(3)]
    for person in people:
        await gql.mutate(JOIN_GROUP, groupId=group, personId=person, waitlist=True)
    return gql, group, [{"person": {"id": person}} for person in people]


async def entries(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Any
) -> tuple[GraphQLClient, str, list[Any]]:
    """In the order they were earned, whatever order they were recorded in."""
    person = await make.person()
    async with database.write() as session:
        rows = [
            CreditEntry(
                person_id=from_global_id(person)[1],
                program="core",
                credit_system="mainpro+",
                credit_type="non_certified",
                scope="core",
                formula="fixed",
                quantity=Decimal(1),
                unit="credit",
                rate=Decimal(1),
                amount=Decimal(day),
                explanation="Recorded by hand.",
                earned_on=date(2025, 1, day),
            )
            for day in (3, 1, 2)
        ]
        session.add_all(rows)
        await session.flush()
        earned = [
            to_global_id("CreditEntry", row.id) for row in sorted(rows, key=lambda r: r.amount)
        ]
    return gql, person, [{"id": entry} for entry in earned]


LISTINGS = {
    "person-notifications": Listing(of_person("notifications", "message"), messages),
    "person-due-items": Listing(of_person("dueItems", "title"), dues),
    "person-memberships": Listing(of_person("memberships", "group { id }"), places_of_person),
    "group-memberships": Listing(
        f"""
query($id: ID!, {VARIABLES}) {{
  node(id: $id) {{ ... on Group {{
    memberships({ARGUMENTS}) {{ edges {{ cursor node {{ person {{ id }} }} }} {PAGE_INFO} }}
  }} }}
}}""",
        places_in_group,
    ),
    "transcript-entries": Listing(
        f"""
query($id: ID!, {VARIABLES}) {{
  node(id: $id) {{ ... on Person {{ transcript(cycleStart: "2024-07-01") {{
    entries({ARGUMENTS}) {{ edges {{ cursor node {{ id }} }} {PAGE_INFO} }}
  }} }} }}
}}""",
        entries,
    ),
}


@pytest.fixture(params=list(LISTINGS))
def listing(request: pytest.FixtureRequest) -> Listing:
    return LISTINGS[request.param]


@pytest.mark.parametrize("size", [1, 2])
async def test_growing_list_pages_forwards_and_backwards(
    gql: GraphQLClient,
    make: Factory,
    database: Database,
    client_for: Any,
    listing: Listing,
    size: int,
) -> None:
    reader, parent, expected = await listing.seed(gql, make, database, client_for)

    assert await forwards(reader, listing.query, size, id=parent) == expected
    assert await backwards(reader, listing.query, size, id=parent) == expected
