"""The Information Exchange's resources: program staff add them, and the organization's
approved learners, guides and staff search them, at a cost that does not grow with the list.

Each test runs in its own organization (the ``program`` fixture: staff, a guide and two
approved learners), so tests share the session's database without seeing each other's data.
"""

from __future__ import annotations

from core.db import Database
from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient
from tests.pw_exchange_support import (
    ADD_RESOURCE,
    RESOURCES,
    Clients,
    Program,
    _learner,
)
from tests.pw_support import _codes, _error_code
from tests.statement_counting import counting_statements

# --- Information Exchange: resources -----------------------------------------------------------


async def test_pw_exchange_staff_add_resources_that_members_search(
    gql: GraphQLClient, client_for: Clients, make: Factory, program: Program
) -> None:
    staff = client_for(program.staff)
    added = []
    for title, topic, summary in [
        ("Opioid Tapering Guide", "CHRONIC_PAIN", "Step-by-step TAPERING schedules."),
        ("Sleep hygiene handout", "MENTAL_HEALTH", "A one-page handout on sleep and tapering."),
        ("Alcohol use disorder toolkit", "SUBSTANCE_USE", "Screening and brief intervention."),
    ]:
        payload = await staff.mutate(
            ADD_RESOURCE,
            organizationId=program.organization,
            title=title,
            topic=topic,
            summary=summary,
            url="https://practisingwell.example.org/" + title.split()[0].lower(),
        )
        added.append(payload["resource"])
    other = await make.organization()
    await gql.mutate(
        ADD_RESOURCE,
        organizationId=other,
        title="Tapering elsewhere",
        topic="CHRONIC_PAIN",
        summary="Another organization's tapering guide.",
        url="https://other.example.org/taper",
    )

    for person in (program.learner, program.guide, program.staff):
        client = client_for(person)
        everything = await client.data(RESOURCES)
        titles = [e["node"]["title"] for e in everything["pwResources"]["edges"]]
        assert titles == [r["title"] for r in added]
        tapering = await client.data(RESOURCES, {"search": "taPERing"})
        assert [e["node"]["title"] for e in tapering["pwResources"]["edges"]] == [
            "Opioid Tapering Guide",
            "Sleep hygiene handout",
        ]
        pain = await client.data(RESOURCES, {"search": "tapering", "topic": "CHRONIC_PAIN"})
        assert [e["node"]["title"] for e in pain["pwResources"]["edges"]] == [
            "Opioid Tapering Guide"
        ]
        words = await client.data(RESOURCES, {"search": "brief  SCREENING"})
        assert [e["node"]["title"] for e in words["pwResources"]["edges"]] == [
            "Alcohol use disorder toolkit"
        ]
        wildcard = await client.data(RESOURCES, {"search": "%"})
        assert wildcard["pwResources"]["edges"] == []

    page = (await client_for(program.learner).data(RESOURCES, {"first": 2}))["pwResources"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await client_for(program.learner).data(
        RESOURCES, {"first": 2, "after": page["pageInfo"]["endCursor"]}
    )
    assert [e["node"]["title"] for e in rest["pwResources"]["edges"]] == [added[2]["title"]]
    assert rest["pwResources"]["pageInfo"]["hasNextPage"] is False


async def test_pw_exchange_only_program_staff_add_resources(
    program: Program, client_for: Clients
) -> None:
    for person in (program.learner, program.guide):
        body = await client_for(person).execute(
            ADD_RESOURCE,
            {
                "input": {
                    "organizationId": program.organization,
                    "title": "Mine",
                    "topic": "MENTAL_HEALTH",
                    "summary": "A resource.",
                    "url": "https://example.org/",
                }
            },
        )
        assert _error_code(body) == "FORBIDDEN"


async def test_pw_exchange_resource_needs_a_title_and_a_web_address(
    program: Program, client_for: Clients
) -> None:
    staff = client_for(program.staff)
    fields = {
        "organizationId": program.organization,
        "title": "Guide",
        "topic": "MENTAL_HEALTH",
        "summary": "A resource.",
        "url": "https://example.org/guide",
    }

    untitled = await staff.payload(ADD_RESOURCE, **{**fields, "title": "  "})
    no_web = await staff.payload(ADD_RESOURCE, **{**fields, "url": "javascript:alert(1)"})

    assert _codes(untitled) == [("INVALID", "title")]
    assert _codes(no_web) == [("INVALID", "url")]


async def test_pw_exchange_resources_are_for_the_organizations_members_only(
    gql: GraphQLClient, client_for: Clients, make: Factory, program: Program
) -> None:
    await client_for(program.staff).mutate(
        ADD_RESOURCE,
        organizationId=program.organization,
        title=unique("Members only"),
        topic="MENTAL_HEALTH",
        summary="For this organization's members.",
        url="https://example.org/members",
    )
    pending = await _learner(gql, client_for, make, program.organization, approve=False)
    outsider = await _learner(gql, client_for, make, await make.organization())

    for person in (pending, outsider):
        data = await client_for(person).data(RESOURCES)
        assert data["pwResources"]["edges"] == []
    anonymous = await client_for(None).execute(RESOURCES)
    assert _error_code(anonymous) == "UNAUTHENTICATED"


async def test_pw_exchange_resource_search_costs_the_same_for_many_items(
    database: Database, program: Program, client_for: Clients
) -> None:
    staff = client_for(program.staff)
    learner = client_for(program.learner)

    async def add(count: int) -> None:
        for _ in range(count):
            await staff.mutate(
                ADD_RESOURCE,
                organizationId=program.organization,
                title=unique("Guide"),
                topic="MENTAL_HEALTH",
                summary="Mindfulness resources.",
                url="https://example.org/mindfulness",
            )

    await add(1)
    with counting_statements(database) as one:
        await learner.data(RESOURCES, {"first": 50})
    await add(20)
    with counting_statements(database) as many:
        data = await learner.data(RESOURCES, {"first": 50})

    assert len(data["pwResources"]["edges"]) == 21
    assert len(many) == len(one)
