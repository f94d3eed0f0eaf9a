"""Who may grant and revoke which role, and the roles ``me`` reports to each caller.

A coordinator gives and takes back roles up to their own in their own organization; only the
platform admin makes another platform admin; physicians and anonymous callers change no one's.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.authz_documents import ASSIGN_ROLE, PERSON_ROLES, REVOKE_ROLE
from tests.authz_outcomes import assert_allowed, assert_refused
from tests.authz_world import (
    ADMIN,
    ANONYMOUS,
    COORDINATOR_A,
    GUIDE,
    PHYSICIAN,
    STAFF_B,
    World,
)


async def grant_as(
    world: World, caller: str, person: str, role: str, organization: str | None
) -> dict[str, Any]:
    return await world.client(caller).execute(
        ASSIGN_ROLE,
        {
            "input": {
                "personId": person,
                "organizationId": world.ids[organization] if organization else None,
                "role": role,
            }
        },
    )


async def revoke_as(world: World, caller: str, assignment: str) -> dict[str, Any]:
    return await world.client(caller).execute(
        REVOKE_ROLE, {"input": {"roleAssignmentId": assignment}}
    )


async def roles_of(world: World, person: str) -> set[tuple[str, str | None]]:
    node = (await world.gql.data(PERSON_ROLES, {"id": person}))["node"]
    return {(r["role"], r["organization"] and r["organization"]["id"]) for r in node["roles"]}


@pytest.mark.parametrize("role", ["ADMIN", "PROGRAM_STAFF"])
async def test_coordinator_cannot_grant_a_role_above_their_own(world: World, role: str) -> None:
    person = await world.person_in("A")

    body = await grant_as(world, COORDINATOR_A, person, role, "A")

    assert_refused(body, COORDINATOR_A, world)
    assert (role, world.ids["A"]) not in await roles_of(world, person)


async def test_coordinator_grants_guide_in_own_organization(world: World) -> None:
    person = await world.person_in("A")

    body = await grant_as(world, COORDINATOR_A, person, "GUIDE", "A")

    assert_allowed(body)
    assert ("GUIDE", world.ids["A"]) in await roles_of(world, person)


@pytest.mark.parametrize("role", ["ADMIN", "PROGRAM_STAFF", "COORDINATOR", "GUIDE", "MEMBER"])
async def test_coordinator_cannot_grant_any_role_in_another_organization(
    world: World, role: str
) -> None:
    person = await world.person_in("B")

    body = await grant_as(world, COORDINATOR_A, person, role, "B")

    assert_refused(body, COORDINATOR_A, world)


@pytest.mark.parametrize("role", ["ADMIN", "PROGRAM_STAFF", "COORDINATOR", "GUIDE", "MEMBER"])
async def test_physician_cannot_grant_any_role_even_to_themselves(world: World, role: str) -> None:
    physician = await world.person_in("A")
    client = world.client_for(physician)

    body = await client.execute(
        ASSIGN_ROLE,
        {"input": {"personId": physician, "organizationId": world.ids["A"], "role": role}},
    )

    assert_refused(body, PHYSICIAN, world)
    assert await roles_of(world, physician) == {("MEMBER", world.ids["A"])}


async def test_coordinator_cannot_grant_platform_admin(world: World) -> None:
    person = await world.person_in("A")

    body = await grant_as(world, COORDINATOR_A, person, "ADMIN", None)

    assert_refused(body, COORDINATOR_A, world)


async def test_platform_admin_grants_platform_admin(world: World) -> None:
    person = await world.person_in("A")

    body = await grant_as(world, ADMIN, person, "ADMIN", None)

    assert_allowed(body)
    assert ("ADMIN", None) in await roles_of(world, person)
    await revoke_as(world, ADMIN, body["data"]["assignRole"]["roleAssignment"]["id"])


async def test_coordinator_revokes_guide_in_own_organization(world: World) -> None:
    person = await world.person_in("A")
    assignment = await world.grant(person, "GUIDE", "A")

    body = await revoke_as(world, COORDINATOR_A, assignment)

    assert_allowed(body)
    assert ("GUIDE", world.ids["A"]) not in await roles_of(world, person)


@pytest.mark.parametrize(
    ("role", "organization"),
    [("ADMIN", "A"), ("PROGRAM_STAFF", "A"), ("GUIDE", "B"), ("ADMIN", None)],
    ids=["admin-in-A", "program-staff-in-A", "guide-in-B", "platform-admin"],
)
async def test_coordinator_cannot_revoke_what_they_could_not_grant(
    world: World, role: str, organization: str | None
) -> None:
    person = await world.person_in(organization or "A")
    assignment = await world.grant(person, role, organization)

    body = await revoke_as(world, COORDINATOR_A, assignment)

    assert_refused(body, COORDINATOR_A, world)
    assert (role, organization and world.ids[organization]) in await roles_of(world, person)


@pytest.mark.parametrize("caller", [PHYSICIAN, ANONYMOUS])
async def test_physician_or_anonymous_cannot_revoke_a_role(world: World, caller: str) -> None:
    """Neither holds a role to give, so neither takes one back: FORBIDDEN for the physician,
    UNAUTHENTICATED for the anonymous caller."""
    assignment = await world.grant(await world.person_in("A"), "GUIDE", "A")

    body = await revoke_as(world, caller, assignment)

    assert_refused(body, caller, world)


ME = "query { me { id roles { role program organization { id } } } }"
OWN_ROLES = {
    PHYSICIAN: {("MEMBER", "A")},
    GUIDE: {("MEMBER", "A"), ("GUIDE", "A")},
    COORDINATOR_A: {("MEMBER", "A"), ("COORDINATOR", "A")},
    STAFF_B: {("MEMBER", "B"), ("COORDINATOR", "B")},
    ADMIN: {("ADMIN", None)},
}


@pytest.mark.parametrize("caller", list(OWN_ROLES))
async def test_me_is_the_caller_with_their_roles(world: World, caller: str) -> None:
    me = (await world.client(caller).data(ME))["me"]

    assert me["id"] == world.person(caller)
    roles = {
        (r["role"], r["organization"] and world.label(r["organization"]["id"])) for r in me["roles"]
    }
    assert roles == OWN_ROLES[caller]


async def test_me_is_null_for_anonymous(world: World) -> None:
    body = await world.client(ANONYMOUS).execute(ME)

    assert "errors" not in body
    assert body["data"] == {"me": None}
