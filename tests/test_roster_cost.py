"""A coordinator's roster, the heaviest read a program runs: people of their organization with
their groups and their credits per program, a page of 100 at a time. Every page costs the same
statements however many people the organization holds, and the credit totals are the ledger's,
as the coordinator may see them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import event

from core.credits.models import CreditEntry
from core.db import Database, utcnow
from core.graphql.relay import from_global_id
from core.groups.models import Membership, MembershipRole, MembershipStatus
from core.people.models import Person, Profession, Role, RoleAssignment
from tests.exports_support import staff
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.statement_counting import counting_statements

Clients = Callable[[int | str | None], GraphQLClient]

ROSTER = """
query Roster($after: String) {
  people(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name email licenceNumber
      memberships(first: 10) { nodes { status group { name } } }
      creditTotals { program total certified }
    }
  }
}"""
PROGRAMS = ("example", "psp_sgls")


def _credit(person_id: int, organization_id: int, program: str, kind: str) -> CreditEntry:
    return CreditEntry(
        person_id=person_id,
        program=program,
        credit_system="mainpro+",
        credit_type=kind,
        scope=f"{program}.session",
        formula="TEST",
        quantity=Decimal(1),
        unit="hour",
        rate=Decimal("1.5"),
        caps_applied=[],
        amount=Decimal("1.50"),
        explanation="1.00 hour(s) x 1.50 credits per hour = 1.50",
        earned_on=date(2025, 1, 15),
        organization_id=organization_id,
    )


async def crowd(database: Database, make: Factory, size: int) -> str:
    """An organization of ``size`` physicians, each a member of its one circle and holding
    three credits in each of two programs (one certified, one not), written straight to the
    tables: the read is what is under test."""
    organization = await make.organization()
    group = await make.group(kind="core.group", organization=organization, capacity=size)
    organization_pk, group_pk = from_global_id(organization)[1], from_global_id(group)[1]
    async with database.write() as session:
        people = [
            Person(
                given_name="Crowd",
                family_name=f"Member {i:04}",
                email=f"{uuid.uuid4().hex}@example.org",
                profession=Profession.FAMILY_PHYSICIAN,
                licence_number=f"C{i}",
            )
            for i in range(size)
        ]
        session.add_all(people)
        await session.flush()
        for person in people:
            session.add(
                RoleAssignment(
                    person_id=person.id, organization_id=organization_pk, role=Role.MEMBER
                )
            )
            session.add(
                Membership(
                    group_id=group_pk,
                    person_id=person.id,
                    role=MembershipRole.MEMBER,
                    status=MembershipStatus.ACTIVE,
                    joined_at=utcnow(),
                )
            )
            session.add_all(
                _credit(person.id, organization_pk, program, kind)
                for program in PROGRAMS
                for kind in ("certified", "non-certified")
            )
    return organization


async def walk(client: GraphQLClient, database: Database) -> tuple[list[Any], list[int]]:
    """Every page of the roster: the people and the statements each page cost."""
    people: list[Any] = []
    costs: list[int] = []
    after = None
    while True:
        with counting_statements(database) as statements:
            page = (await client.data(ROSTER, {"after": after}))["people"]
        costs.append(len(statements))
        people += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return people, costs
        after = page["pageInfo"]["endCursor"]


async def test_every_roster_page_costs_the_same_for_10_and_1000_people(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Clients
) -> None:
    pages: dict[int, list[int]] = {}
    for size in (10, 1000):
        organization = await crowd(database, make, size)
        coordinator = await staff(gql, make, organization, None)
        people, pages[size] = await walk(client_for(coordinator), database)
        assert len(people) == size + 1  # the coordinator is on their own roster
        assert sum(len(p["memberships"]["nodes"]) for p in people) == size

    # The last page of 1,000 holds only the coordinator, in no group: one read fewer.
    assert len(pages[1000]) == 11
    assert max(pages[1000]) == max(pages[10])


async def test_a_roster_page_reads_in_one_session(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Clients
) -> None:
    """One connection taken from the pool per page: the page of people and every relation's
    batch read in turn in the query's one session (the sign-in is reused, read once)."""
    organization = await crowd(database, make, 150)
    client = client_for(await staff(gql, make, organization, None))
    first = (await client.data(ROSTER, {"after": None}))["people"]["pageInfo"]["endCursor"]
    checkouts: list[object] = []

    def checkout(*_: object) -> None:
        checkouts.append(_)

    event.listen(database.engine.sync_engine.pool, "checkout", checkout)
    try:
        page = (await client.data(ROSTER, {"after": first}))["people"]
    finally:
        event.remove(database.engine.sync_engine.pool, "checkout", checkout)

    assert len(page["nodes"]) == 51
    assert len(checkouts) == 1


async def test_roster_credit_totals_are_the_ledger_per_program(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Clients
) -> None:
    organization = await crowd(database, make, 3)
    coordinator = await staff(gql, make, organization, None)
    people, _ = await walk(client_for(coordinator), database)

    crowd_members = [p for p in people if p["memberships"]["nodes"]]
    assert len(crowd_members) == 3
    for person in crowd_members:
        assert person["creditTotals"] == [
            {"program": program, "total": "3.00", "certified": "1.50"}
            for program in sorted(PROGRAMS)
        ]


async def test_roster_credit_totals_show_a_program_coordinator_their_program_only(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Clients
) -> None:
    organization = await crowd(database, make, 2)
    coordinator = await staff(gql, make, organization, "example")
    people, _ = await walk(client_for(coordinator), database)

    totals = [p["creditTotals"] for p in people if p["memberships"]["nodes"]]
    assert totals == [[{"program": "example", "total": "3.00", "certified": "1.50"}]] * 2


async def test_credit_totals_are_their_own_to_a_physician_and_none_of_a_strangers(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Clients
) -> None:
    organization = await crowd(database, make, 2)
    coordinator = await staff(gql, make, organization, None)
    people, _ = await walk(client_for(coordinator), database)
    member, other = (p["id"] for p in people if p["memberships"]["nodes"])
    query = "query($id: ID!) { node(id: $id) { ... on Person { creditTotals { total } } } }"

    own = await client_for(member).data(query, {"id": member})
    stranger = await client_for(member).data(query, {"id": other})

    assert own["node"]["creditTotals"] == [{"total": "3.00"}] * 2
    assert stranger["node"] is None or stranger["node"]["creditTotals"] == []
