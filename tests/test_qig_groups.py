"""Forming QI groups and filling them by invitation: QIG-FORM, QIG-BASIS, QIG-SIZE (under 24
concurrent acceptances, on SQLite and PostgreSQL), leaving before the PIP is submitted."""

from __future__ import annotations

import asyncio

from core.db import Database
from tests.invitation_support import ACCEPT, DECLINE, JOIN
from tests.invitation_support import LEAVE as CORE_LEAVE
from tests.qig_support import (
    GROUPS,
    LEAVE,
    PROGRESS,
    SELECTIONS,
    Qig,
    codes,
    qig_fixture,  # noqa: F401 (the fixture qig)
)
from tests.statement_counting import counting_statements

CONCURRENT = 24


async def test_qig_form_only_a_member_cpso_selected_forms_a_group(qig: Qig) -> None:
    _, unselected = await qig.person()
    refused = await qig.form(unselected)
    assert codes(refused) == ["QIG-FORM"]

    person, selected = await qig.selected()
    formed = await qig.form(selected)
    assert formed["errors"] == []
    assert formed["group"]["capacity"] == 7
    assert formed["group"]["placesLeft"] == 6
    shown = await qig.staff.data(SELECTIONS, {"org": qig.organization, "cycle": "2026"})
    assert person in [s["personId"] for s in shown["qigSelections"]]


async def test_qig_basis_is_stated_and_shown(qig: Qig) -> None:
    _, lead = await qig.selected()
    group = (await qig.form(lead, basis="ONTARIO_HEALTH_TEAM", description="Kingston OHT"))[
        "group"
    ]["id"]
    progress = (await lead.data(PROGRESS, {"group": group}))["qigGroupProgress"]
    assert (progress["basis"], progress["basisDescription"]) == (
        "ONTARIO_HEALTH_TEAM",
        "Kingston OHT",
    )
    refused = await qig.form(lead, description="x" * 501)
    assert codes(refused) == ["QIG-BASIS"]


async def test_qig_size_peers_need_not_be_selected_and_decline_frees_the_place(qig: Qig) -> None:
    group = await qig.group(peers=1)
    peer, peer_client = await qig.person()
    invitation = (await qig.invite(group.lead[1], group.id, peer))["invitation"]["id"]
    declined = await peer_client.payload(DECLINE, invitationId=invitation)
    assert declined["errors"] == []
    progress = (await group.lead[1].data(PROGRESS, {"group": group.id}))["qigGroupProgress"]
    assert len(progress["members"]) == 2
    assert {m["role"] for m in progress["members"]} == {"LEAD", "MEMBER"}


async def test_qig_size_holds_seven_under_24_concurrent_acceptances(qig: Qig) -> None:
    lead = await qig.selected()
    group = (await qig.form(lead[1]))["group"]["id"]
    peers = [await qig.person() for _ in range(6)]
    invitations = [
        (await qig.invite(lead[1], group, person))["invitation"]["id"] for person, _ in peers
    ]
    refused_invites = [await qig.invite(lead[1], group, (await qig.person())[0]) for _ in range(2)]
    assert {c for p in refused_invites for c in codes(p)} == {"QIG-SIZE"}

    accepts = [
        client.payload(ACCEPT, invitationId=invitation)
        for (_, client), invitation in zip(peers, invitations, strict=True)
        for _ in range(CONCURRENT // 6)
    ]
    payloads = await asyncio.gather(*accepts)

    assert sum(1 for p in payloads if not p["errors"]) == 6
    assert {c for p in payloads for c in codes(p)} <= {"CORE-INVITATION-CLOSED"}
    progress = (await lead[1].data(PROGRESS, {"group": group}))["qigGroupProgress"]
    assert len(progress["members"]) == 7


async def test_qig_size_holds_under_24_concurrent_invitations(qig: Qig) -> None:
    lead = await qig.selected()
    group = (await qig.form(lead[1]))["group"]["id"]
    people = [(await qig.person())[0] for _ in range(CONCURRENT)]

    payloads = await asyncio.gather(*(qig.invite(lead[1], group, p) for p in people))

    assert sum(1 for p in payloads if not p["errors"]) == 6
    assert {c for p in payloads for c in codes(p)} == {"QIG-SIZE"}


async def test_qig_pip_a_member_leaves_only_before_the_pip_is_submitted(qig: Qig) -> None:
    group = await qig.group(peers=2)
    left = await group.members[1][1].payload(LEAVE, groupId=group.id)
    assert left["errors"] == []
    assert left["membership"]["status"] == "LEFT"

    submitted_group, _ = await qig.submitted(peers=1)
    refused = await submitted_group.members[0][1].payload(LEAVE, groupId=submitted_group.id)
    assert codes(refused) == ["QIG-PIP"]


async def test_qig_size_places_come_only_by_invitation_and_go_only_by_qig_leave(qig: Qig) -> None:
    group = await qig.group(peers=1)
    outsider, outsider_client = await qig.person()
    joined = await outsider_client.payload(JOIN, groupId=group.id, personId=outsider)
    assert codes(joined) == ["CORE-GROUP-PROGRAM-MANAGED"]
    member, member_client = group.members[0]
    left = await member_client.payload(CORE_LEAVE, groupId=group.id, personId=member)
    assert codes(left) == ["CORE-GROUP-PROGRAM-MANAGED"]


async def test_qig_groups_staff_see_every_group_others_do_not(qig: Qig) -> None:
    group = await qig.group(peers=1)
    shown = (await qig.staff.data(GROUPS, {"org": qig.organization}))["qigGroups"]
    assert group.id in [g["groupId"] for g in shown]
    refused = await group.lead[1].execute(GROUPS, {"org": qig.organization})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    _, outsider = await qig.person()
    hidden = await outsider.execute(PROGRESS, {"group": group.id})
    assert hidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_qig_groups_overview_costs_the_same_for_one_group_or_three(
    qig: Qig, database: Database
) -> None:
    await qig.group(peers=1)
    with counting_statements(database) as one:
        await qig.staff.data(GROUPS, {"org": qig.organization})
    for _ in range(2):
        group = await qig.group(peers=2)
        await qig.complete(group.lead[1], group.id, "QI_SURVEY")
    with counting_statements(database) as three:
        shown = (await qig.staff.data(GROUPS, {"org": qig.organization}))["qigGroups"]
    assert len(shown) == 3
    assert len(three) == len(one)
