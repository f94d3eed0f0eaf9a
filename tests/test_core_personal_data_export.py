"""A person downloads everything held about them: ``/people/{person_id}/data.json``.

One JSON document, a section per program (core first) through each program's
``register_personal_data``: their own row, roles, attendance, credits, plans and goals,
notifications, audit events, and each program's records. The person and the platform admin
may download it, nobody else; the admin's download is in the person's audit trail, like a
transcript read. Runs in the authorization world (tests/authz_world.py), whose physician P
has records in core and in Practising Well.
"""

from __future__ import annotations

from typing import Any

import pytest

from core.graphql.relay import from_global_id
from core.privacy.export import PERSONAL_DATA_READ
from tests.authz_world import (
    ADMIN,
    ANONYMOUS,
    COORDINATOR_A,
    OTHER_PHYSICIAN,
    PHYSICIAN,
    STAFF_B,
    World,
)
from tests.graphql_client import GraphQLClient

CREATE_FEED = """
mutation { createCalendarFeed(input: {}) { feed { id } errors { code } } }"""
EVENTS = """
query($person: ID) {
  auditEvents(first: 100, personId: $person) { nodes { action actorId personId } }
}"""


async def _export(client: GraphQLClient, person: str) -> Any:
    return await client.http.get(f"/people/{person}/data.json", headers=client.headers)


async def test_core_personal_data_export_holds_every_program_section(world: World) -> None:
    p = world.person(PHYSICIAN)
    assert p is not None
    await world.client(PHYSICIAN).mutate(CREATE_FEED)
    pk = from_global_id(p)[1]

    response = await _export(world.client(PHYSICIAN), p)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "private, no-store"
    found = response.json()
    assert found["person"] == p
    programs = found["programs"]
    assert set(programs) >= {
        "core",
        "psp_sgls",
        "cpso_qi_groups",
        "ocfp_practising_well",
        "learning_collaborative",
    }
    core = programs["core"]
    (person,) = core["core_people"]
    assert person["id"] == pk
    assert "@" in person["email"]
    for section in ("core_role_assignments", "core_participations", "core_credit_entries"):
        assert core[section], section
        assert {row["person_id"] for row in core[section]} == {pk}, section
    # The shared world's physician may have made feeds before (the matrix's calendar cases).
    feeds = core["core_calendar_feeds"]
    assert feeds
    assert not [key for feed in feeds for key in feed if "token" in key or "hash" in key]
    (learner,) = programs["ocfp_practising_well"]["ocfp_practising_well_learners"]
    assert learner["person_id"] == pk
    assert programs["ocfp_practising_well"]["ocfp_practising_well_requests"]


@pytest.mark.parametrize(
    ("caller", "status", "code"),
    [
        (ANONYMOUS, 401, "UNAUTHENTICATED"),
        (OTHER_PHYSICIAN, 403, "FORBIDDEN"),
        (COORDINATOR_A, 403, "FORBIDDEN"),
        (STAFF_B, 403, "FORBIDDEN"),
    ],
)
async def test_core_personal_data_export_refused_to_anyone_else(
    world: World, caller: str, status: int, code: str
) -> None:
    p = world.person(PHYSICIAN)
    assert p is not None

    response = await _export(world.client(caller), p)

    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
    assert "email" not in response.text


async def test_core_personal_data_export_by_the_admin_is_audited_and_ones_own_is_not(
    world: World,
) -> None:
    p, admin = world.person(PHYSICIAN), world.person(ADMIN)
    assert p is not None
    physician = world.client(PHYSICIAN)

    def reads(events: dict[str, Any]) -> list[tuple[str, str]]:
        nodes = events["auditEvents"]["nodes"]
        return [(e["actorId"], e["personId"]) for e in nodes if e["action"] == PERSONAL_DATA_READ]

    before = reads(await physician.data(EVENTS, {"person": p}))
    own = await _export(physician, p)
    by_admin = await _export(world.client(ADMIN), p)
    after = reads(await physician.data(EVENTS, {"person": p}))

    assert (own.status_code, by_admin.status_code) == (200, 200)
    assert sorted(after) == sorted([*before, (admin, p)])
