"""Teams and practices, through the API on SQLite and PostgreSQL: a group under a parent of the
kind its kind names (never its own descendant), representing a named practice once per
parent, and composition rules kept on every change of who holds a place.

The example program's teams stand for a learning collaborative's (LC-TEAM): each practice is
represented by a team of at least two professions, with one lead.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.groups.composition import problems
from core.programs import GroupKind, Professions, Roles
from tests.factories import unique
from tests.graphql_client import GraphQLClient
from tests.invitation_support import (
    ACCEPT,
    CHANGE_ROLES,
    CREATE_GROUP,
    LEAVE,
    REGION,
    SET_PARENT,
    TEAM,
    Invitations,
    codes,
    inv_fixture,  # noqa: F401 (the fixture inv)
)


async def create(gql: GraphQLClient, organization: str, kind: str, **fields: str) -> dict:
    return await gql.payload(
        CREATE_GROUP,
        organizationId=organization,
        kind=kind,
        name=unique("Group"),
        capacity=12,
        **fields,
    )


async def formed_team(inv: Invitations, *professions: str) -> tuple[str, list[str]]:
    """A team a physician formed and leads, joined by invitees of ``professions``."""
    organization = await inv.make.organization()
    lead, client = await inv.member(organization)
    collaborative = await inv.collaborative(organization)
    payload = await inv.form(
        client, organization, TEAM, parentId=collaborative, practiceName=unique("Clinic")
    )
    team = payload["group"]["id"]
    people = [lead]
    for profession in professions:
        person, invitee = await inv.member(organization, profession)
        invitation = await inv.invite(client, team, await inv.email_of(person))
        await invitee.mutate(ACCEPT, invitationId=invitation["invitation"]["id"])
        people.append(person)
    return team, people


async def test_core_group_parent_of_the_declared_kind_required(inv: Invitations) -> None:
    organization = await inv.make.organization()
    circle = await inv.make.group("example.circle", organization=organization)
    elsewhere = await inv.collaborative(await inv.make.organization())

    without = await create(inv.gql, organization, TEAM, practiceName="Clinic")
    under_circle = await create(inv.gql, organization, TEAM, parentId=circle, practiceName="A")
    other_org = await create(inv.gql, organization, TEAM, parentId=elsewhere, practiceName="B")

    assert codes(without) == codes(under_circle) == codes(other_org) == ["CORE-GROUP-PARENT"]


async def test_core_group_practice_represented_once_per_collaborative(inv: Invitations) -> None:
    organization = await inv.make.organization()
    collaborative = await inv.collaborative(organization)
    fields = {"parentId": collaborative, "practiceName": "Main Street Clinic"}

    unnamed = await create(inv.gql, organization, TEAM, parentId=collaborative)
    first = await create(inv.gql, organization, TEAM, **fields, practiceLocation="Guelph")
    again = await create(
        inv.gql, organization, TEAM, **{**fields, "practiceName": "MAIN street clinic"}
    )
    circle = await create(inv.gql, organization, "example.circle", practiceName="Clinic")

    assert codes(unnamed) == ["CORE-GROUP-PRACTICE"] == codes(circle)
    assert codes(again) == ["CORE-GROUP-PRACTICE-TAKEN"]
    team = first["group"]
    assert (team["practiceName"], team["practiceLocation"]) == ("Main Street Clinic", "Guelph")
    assert team["parent"] == {"id": collaborative}
    shown = await inv.group(inv.gql, collaborative)
    assert shown["children"] == [{"id": team["id"]}]


async def test_core_group_parent_cycle_refused(inv: Invitations) -> None:
    organization = await inv.make.organization()
    top = (await create(inv.gql, organization, REGION))["group"]["id"]
    middle = (await create(inv.gql, organization, REGION, parentId=top))["group"]["id"]
    bottom = (await create(inv.gql, organization, REGION, parentId=middle))["group"]["id"]

    under_grandchild = await inv.gql.payload(SET_PARENT, groupId=top, parentId=bottom)
    under_itself = await inv.gql.payload(SET_PARENT, groupId=top, parentId=top)
    moved = await inv.gql.payload(SET_PARENT, groupId=bottom, parentId=top)

    assert codes(under_grandchild) == codes(under_itself) == ["CORE-GROUP-PARENT-CYCLE"]
    assert moved["errors"] == []
    assert moved["group"]["parent"] == {"id": top}


async def test_core_group_composition_a_forming_team_may_be_incomplete(
    inv: Invitations,
) -> None:
    team, _ = await formed_team(inv, "FAMILY_PHYSICIAN")
    before = (await inv.group(inv.gql, team))["composition"]

    completed, _ = await formed_team(inv, "FAMILY_PHYSICIAN", "NURSE")
    after = (await inv.group(inv.gql, completed))["composition"]

    assert before["complete"] is False
    assert [m["code"] for m in before["missing"]] == ["CORE-GROUP-COMPOSITION-PROFESSIONS"]
    assert "it would have 1 (family physician)" in before["missing"][0]["message"]
    assert after == {"complete": True, "missing": []}


async def test_core_group_composition_professions_kept_when_the_only_nurse_leaves(
    inv: Invitations,
) -> None:
    team, (_, nurse) = await formed_team(inv, "NURSE")

    payload = await inv.gql.payload(LEAVE, groupId=team, personId=nurse)

    assert codes(payload) == ["CORE-GROUP-COMPOSITION-PROFESSIONS"]
    assert "at least 2 professions" in payload["errors"][0]["message"]
    assert (await inv.group(inv.gql, team))["memberCount"] == 2


async def test_core_group_composition_lead_kept_when_the_lead_leaves(inv: Invitations) -> None:
    team, (lead, _, _) = await formed_team(inv, "FAMILY_PHYSICIAN", "NURSE")

    payload = await inv.gql.payload(LEAVE, groupId=team, personId=lead)

    assert codes(payload) == ["CORE-GROUP-COMPOSITION-LEAD"]


async def test_core_group_composition_lead_handed_over_in_one_change_not_doubled(
    inv: Invitations,
) -> None:
    team, (lead, nurse) = await formed_team(inv, "NURSE")

    doubled = await inv.gql.payload(
        CHANGE_ROLES, groupId=team, changes=[{"personId": nurse, "role": "LEAD"}]
    )
    handed = await inv.gql.payload(
        CHANGE_ROLES,
        groupId=team,
        changes=[{"personId": lead, "role": "MEMBER"}, {"personId": nurse, "role": "LEAD"}],
    )

    assert codes(doubled) == ["CORE-GROUP-COMPOSITION-LEAD"]
    assert "at most 1 lead" in doubled["errors"][0]["message"]
    assert handed["errors"] == []
    roles = {m["person"]["id"]: m["role"] for m in handed["memberships"]}
    assert roles == {lead: "MEMBER", nurse: "LEAD"}


async def test_core_group_composition_roles_changed_by_staff_or_the_lead_only(
    inv: Invitations,
) -> None:
    team, (lead, nurse) = await formed_team(inv, "NURSE")
    handover = [{"personId": lead, "role": "MEMBER"}, {"personId": nurse, "role": "LEAD"}]
    change = {"groupId": team, "changes": handover}

    by_nurse = await inv.client_for(nurse).execute(CHANGE_ROLES, {"input": change})
    by_lead = await inv.client_for(lead).payload(CHANGE_ROLES, **change)

    assert by_nurse["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert by_lead["errors"] == []


BASE = GroupKind("p.team", "Team", "P-SIZE", max_capacity=6)


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        (replace(BASE, composition=(Professions(1, ("nurse", "surgeon")),)), "unknown profession"),
        (replace(BASE, composition=(Professions(0),)), "at least 0"),
        (replace(BASE, composition=(Professions(7),)), "7 professions in 6"),
        (replace(BASE, composition=(Roles("captain", 1),)), "unknown role"),
        (replace(BASE, composition=(Roles("lead", 2, 1),)), "lead between 2 and 1"),
        (replace(BASE, composition=(Roles("member", 1, 3),)), "bounded by capacity"),
        (replace(BASE, composition=(Roles("lead"),)), "bounds nothing"),
        (replace(BASE, composition=(Roles("lead", 1), Roles("lead", 1))), "declared twice"),
        (replace(BASE, parent_kind="p.nowhere"), "not declared"),
        (replace(BASE, invitation_days=0), "at least a day"),
    ],
)
def test_core_group_composition_malformed_declarations_named(kind: GroupKind, problem: str) -> None:
    found = problems(kind, {"p.team"})

    assert len(found) == 1, found
    assert problem in found[0]


def test_core_group_composition_well_formed_team_has_no_problems() -> None:
    kind = replace(BASE, composition=(Professions(2), Roles("lead", 1, 1)))

    assert problems(kind, {"p.team"}) == []
