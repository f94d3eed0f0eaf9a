"""List fields cost a fixed number of SQL statements, however many items they return: every
relation goes through a per-request DataLoader, never a query per item."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from core.db import Database, utcnow
from core.due_items.models import DueItem
from core.graphql.relay import from_global_id
from core.groups.models import Membership, MembershipRole, MembershipStatus
from core.notifications.models import Notification
from core.people.models import Person, Profession
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient
from tests.statement_counting import counting_statements
from tests.transcript_support import physician, set_cycle

Clients = Callable[[str], GraphQLClient]

MAX_STATEMENTS = 8
CIRCLE_SIZE = 12  # the example program's largest circle; members beyond it are waitlisted

GROUPS = """
query($org: ID!) {
  groups(first: 50, program: "example", organizationId: $org) {
    edges { node {
      name memberCount placesLeft organization { name }
      memberships(first: 50) { nodes { status person { name email } } }
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
    """Statements run by the group list query, after checking it returned every membership;
    counted on its second run, so that neither count holds the sign-in (read on a worker's
    first request after a write, then reused: ``core.auth``)."""
    await gql.data(GROUPS, {"org": organization})
    with counting_statements(database) as statements:
        groups = (await gql.data(GROUPS, {"org": organization}))["groups"]["edges"]
    assert [len(g["node"]["memberships"]["nodes"]) for g in groups] == list(sizes)
    assert all(all(m["person"]["email"] for m in g["node"]["memberships"]["nodes"]) for g in groups)
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


PEOPLE_OF_GROUP = """
query($group: ID!) {
  node(id: $group) { ... on Group { memberships(first: 100) { nodes { person {
    name
    roles { role organization { name } }
    memberships { nodes { status group { name } } }
    notifications { nodes { message } }
    dueItems { nodes { title } }
    transcript {
      total cycle { met requirements { code } years { total } }
      caps { remaining } forecast { shortfalls { code } opportunities { program } }
      selfReported { credits } entries { nodes { amount activity { title } } }
    }
  } } } } }
}"""


async def group_of(database: Database, make: Factory, admin: int, size: int) -> str:
    """A core group of ``size`` people besides the platform admin, each owing something and
    the admin holding a message, written straight to the tables: the read under test is all
    that goes through the API, and a hundred people made one mutation at a time would take long."""
    group = await make.group(kind="core.group", capacity=size + 1)
    group_pk = from_global_id(group)[1]
    async with database.write() as session:
        people = [
            Person(
                given_name="Crowd",
                family_name=f"Member {i}",
                email=f"{uuid.uuid4().hex}@example.org",
                profession=Profession.OTHER,
            )
            for i in range(size)
        ]
        session.add_all(people)
        await session.flush()
        session.add_all(
            Membership(
                group_id=group_pk,
                person_id=pk,
                role=MembershipRole.MEMBER,
                status=MembershipStatus.ACTIVE,
                joined_at=utcnow(),
            )
            for pk in [p.id for p in people] + [admin]
        )
        session.add_all(
            DueItem(
                person_id=p.id, program="core", kind="core.task", title="Task", due_on=date.today()
            )
            for p in people
        )
        session.add(Notification(person_id=admin, program="core", kind="core.note", message="Hi"))
    return group


async def test_person_relations_on_a_list_cost_the_same_for_10_and_99_people(
    gql: GraphQLClient, make: Factory, database: Database, platform_admin: int
) -> None:
    """A list shows at most a page of 100 (the maximum page size): the admin and 99 others."""
    costs = []
    for size in (10, 99):
        group = await group_of(database, make, platform_admin, size)
        with counting_statements(database) as statements:
            data = await gql.data(PEOPLE_OF_GROUP, {"group": group})
        people = [m["person"] for m in data["node"]["memberships"]["nodes"]]
        assert len(people) == size + 1
        assert sum(len(p["dueItems"]["nodes"]) for p in people) == size
        assert len([p for p in people if p["notifications"]["nodes"]]) == 1  # the admin's own
        costs.append(len(statements))

    assert costs[0] == costs[1]


TRANSCRIPT = """
query($id: ID!) { transcript(personId: $id) {
  total byProgram { total } byCategory { total } bySource { total }
  cycle { met requirements { missing } years { total requirements { missing } } }
  caps { remaining } forecast { shortfalls { message } opportunities { message } }
  selfReported { credits } entries { nodes { amount } }
} }"""
TRANSCRIPT_STATEMENTS = 9
"""The viewer, the person's visibility, then the people, their cycles, the ledger, the
self-reported credits, the caps' totals and the certifications in force: one each, and one for
the page of entries."""


async def test_transcript_costs_the_same_for_3_and_30_credits(
    gql: GraphQLClient, make: Factory, database: Database, client_for: Clients
) -> None:
    """The end of a reporting period's hot path: a physician opens their own transcript, a
    fixed number of statements however many credits it sums (someone else's read adds the audit
    trail's one insert)."""
    costs = []
    for count in (3, 30):
        doctor = await physician(make, client_for)
        await set_cycle(gql, doctor.id, "mainpro+", "2024-07-01")
        await doctor.record_all(
            [(f"2025-01-{day:02}", 1, "certified") for day in range(1, count + 1)]
        )
        with counting_statements(database) as statements:
            found = await doctor.client.data(TRANSCRIPT, {"id": doctor.id})
        assert found["transcript"]["total"] == f"{count}.00"
        costs.append(len(statements))

    assert costs[0] == costs[1]
    assert costs[1] <= TRANSCRIPT_STATEMENTS
