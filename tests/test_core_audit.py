"""The audit trail: every committed mutation and every read of someone else's transcript is
recorded with who and when, in the same transaction as what it records; a physician sees who
read their record, their organization's staff see its people's, and nobody alters it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from core.db import Database
from tests.authz_documents import ASSIGN_ROLE
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.migration_support import round_trip
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)
from tests.transcript_support import SET_CYCLE, physician, set_cycle, transcript

Clients = Callable[[str], GraphQLClient]

EVENTS = """
query($organization: ID, $person: ID) {
  auditEvents(first: 20, organizationId: $organization, personId: $person) {
    nodes { action actorId personId targets at }
  }
}"""
ME = "{ me { id } }"


async def _events(client: GraphQLClient, **filters: str) -> list[dict[str, Any]]:
    variables = {"organization": filters.get("organization"), "person": filters.get("person")}
    data = await client.data(EVENTS, variables)
    nodes: list[dict[str, Any]] = data["auditEvents"]["nodes"]
    return nodes


async def _id(client: GraphQLClient) -> str:
    me: str = (await client.data(ME))["me"]["id"]
    return me


async def test_core_audit_mutation_recorded_with_who_and_what(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    doctor = await physician(make, client_for)

    await set_cycle(gql, doctor.id, "mainpro+", "2024-07-01")

    (latest, *_) = await _events(gql, person=doctor.id)
    assert (latest["action"], latest["actorId"], latest["personId"]) == (
        "setCreditCycle",
        await _id(gql),
        doctor.id,
    )
    assert latest["targets"] == {"personId": doctor.id}


async def test_core_audit_refused_mutation_leaves_no_event(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    doctor = await physician(make, client_for)

    refused = await gql.payload(
        SET_CYCLE, personId=doctor.id, creditSystem="no-such", startsOn="2024-07-01"
    )

    assert [e["code"] for e in refused["errors"]] == ["CORE-CYCLE-SYSTEM"]
    assert await _events(gql, person=doctor.id) == []


async def test_core_audit_transcript_read_by_someone_else_is_recorded_and_shown_to_its_owner(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    doctor = await physician(make, client_for)

    await transcript(doctor.client, doctor.id)
    await transcript(gql, doctor.id)

    reads = [e for e in await _events(doctor.client) if e["action"] == "transcript.read"]
    assert [(e["actorId"], e["personId"]) for e in reads] == [(await _id(gql), doctor.id)]


async def test_core_audit_transcript_document_download_is_recorded(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    doctor = await physician(make, client_for)

    response = await gql.http.get(f"/transcripts/{doctor.id}.csv", headers=gql.headers)

    assert response.status_code == 200
    reads = [e for e in await _events(doctor.client) if e["action"] == "transcript.read"]
    assert len(reads) == 1


async def test_core_audit_a_page_of_transcripts_records_each_person_once(
    gql: GraphQLClient, make: Factory
) -> None:
    """Three people's transcripts in one request, one of them asked twice: three reads."""
    people = [await make.person() for _ in range(3)]
    query = """query($a: ID!, $b: ID!, $c: ID!) {
      a: node(id: $a) { ... on Person { transcript { total } again: transcript { total } } }
      b: node(id: $b) { ... on Person { transcript { total } } }
      c: node(id: $c) { ... on Person { transcript { total } } }
    }"""

    await gql.data(query, dict(zip("abc", people, strict=True)))

    for person in people:
        events = await _events(gql, person=person)
        assert [e["action"] for e in events].count("transcript.read") == 1


async def test_core_audit_staff_see_their_organizations_people_only(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    ours, theirs = await make.organization(), await make.organization()
    staff = await make.person(organization=ours)
    await gql.mutate(ASSIGN_ROLE, personId=staff, organizationId=ours, role="COORDINATOR")
    member, stranger = await make.person(organization=ours), await make.person(organization=theirs)
    for person in (member, stranger):
        await set_cycle(gql, person, "mainpro+", "2024-07-01")
    coordinator = client_for(staff)

    seen = {e["personId"] for e in await _events(coordinator, organization=ours)}
    assert member in seen
    assert stranger not in seen
    assert await _events(coordinator, person=stranger) == []
    refused = await coordinator.execute(EVENTS, {"organization": theirs, "person": None})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    "statement", ["UPDATE core_audit_events SET action = 'x'", "DELETE FROM core_audit_events"]
)
async def test_core_audit_trail_refuses_update_and_delete(
    database: Database, statement: str
) -> None:
    with pytest.raises(Exception, match="append-only"):
        async with database.write() as session:
            await session.execute(text(statement))


async def test_core_0021_adds_and_removes_the_audit_trail(fresh_url: str) -> None:  # noqa: F811
    assert await round_trip(fresh_url, "core_0021", {"core_audit_events"}) == [
        {"core_audit_events"},
        set(),
        {"core_audit_events"},
    ]
