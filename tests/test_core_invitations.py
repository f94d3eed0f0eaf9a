"""Member-formed groups and invitations by email, through the API on SQLite and PostgreSQL.

The example program's peer groups stand for CPSO QI Groups: a physician forms one (QIG-FORM,
asked through ``core.group.form``) and leads it; it holds the lead and up to six peers
(QIG-SIZE, here EX-PEER-SIZE), and pending invitations hold places too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.db import Database
from tests.invitation_support import (
    ACCEPT,
    DECLINE,
    JOIN,
    MY_INVITATIONS,
    TEAM,
    WITHDRAW,
    Invitations,
    age,
    codes,
    fresh_email,
    inv_fixture,  # noqa: F401 (the fixture inv)
)


async def test_core_group_form_makes_the_former_its_lead(inv: Invitations) -> None:
    organization = await inv.make.organization()
    _, physician = await inv.member(organization)

    payload = await inv.form(physician, organization)

    assert payload["errors"] == []
    assert payload["membership"] == {"role": "LEAD", "status": "ACTIVE"}
    group = payload["group"]
    assert (group["capacity"], group["memberCount"], group["placesLeft"]) == (7, 1, 6)


@pytest.mark.parametrize(
    ("kind", "profession", "code"),
    [
        ("example.circle", "FAMILY_PHYSICIAN", "CORE-GROUP-FORM-KIND"),
        ("example.peer_group", "NURSE", "EX-PHYSICIAN"),
    ],
)
async def test_core_group_form_refused_by_kind_or_program_rule(
    inv: Invitations, kind: str, profession: str, code: str
) -> None:
    organization = await inv.make.organization()
    _, person = await inv.member(organization, profession)

    payload = await inv.form(person, organization, kind=kind)

    assert codes(payload) == [code]
    assert payload["group"] is None


async def test_core_invitation_pending_invitations_count_against_capacity(
    inv: Invitations,
) -> None:
    organization, group, lead = await inv.peer_group()
    for _ in range(6):
        assert (await inv.invite(lead, group))["errors"] == []
    stranger, _ = await inv.member(organization)

    seventh = await inv.invite(lead, group)
    joined = await inv.gql.payload(JOIN, groupId=group, personId=stranger)

    assert codes(seventh) == ["EX-PEER-SIZE"] == codes(joined)
    shown = await inv.group(lead, group)
    assert (shown["memberCount"], shown["placesLeft"], len(shown["invitations"])) == (1, 0, 6)


async def test_core_invitation_duplicate_refused_while_pending(inv: Invitations) -> None:
    _, group, lead = await inv.peer_group()
    email = fresh_email()
    first = await inv.invite(lead, group, email)

    again = await inv.invite(lead, group, email.upper())
    await lead.mutate(WITHDRAW, invitationId=first["invitation"]["id"])
    after_withdrawal = await inv.invite(lead, group, email)

    assert codes(again) == ["CORE-INVITATION-DUPLICATE"]
    assert after_withdrawal["errors"] == []


async def test_core_invitation_member_already_in_the_group_refused(inv: Invitations) -> None:
    _, group, lead = await inv.peer_group()
    lead_email = (await lead.data("{ me { email } }"))["me"]["email"]

    payload = await inv.invite(lead, group, lead_email)

    assert codes(payload) == ["CORE-INVITATION-MEMBER"]


async def test_core_invitation_unregistered_email_is_claimed_once_registered(
    inv: Invitations,
) -> None:
    _, group, lead = await inv.peer_group()
    email = fresh_email()
    invitation = (await inv.invite(lead, group, email.title()))["invitation"]

    person, invitee = await inv.member(await inv.make.organization(), email=email)
    mine = (await invitee.data(MY_INVITATIONS, {"state": "PENDING"}))["myInvitations"]["nodes"]
    accepted = await invitee.mutate(ACCEPT, invitationId=invitation["id"])

    assert [i["id"] for i in mine] == [invitation["id"]]
    assert mine[0]["group"]["id"] == group
    assert accepted["invitation"]["state"] == "ACCEPTED"
    assert accepted["membership"] == {
        "role": "MEMBER",
        "status": "ACTIVE",
        "person": {"id": person},
    }
    shown = await inv.group(lead, group)
    assert (shown["memberCount"], shown["placesLeft"]) == (2, 5)


async def test_core_invitation_expired_cannot_be_accepted_and_frees_its_place(
    inv: Invitations, database: Database
) -> None:
    organization, group, lead = await inv.peer_group()
    person, invitee = await inv.member(organization)
    invitation = (await inv.invite(lead, group, await inv.email_of(person)))["invitation"]
    await age(database, invitation["id"], 22)

    payload = await invitee.payload(ACCEPT, invitationId=invitation["id"])

    assert codes(payload) == ["CORE-INVITATION-EXPIRED"]
    shown = await inv.group(lead, group)
    assert shown["invitations"][0]["state"] == "EXPIRED"
    assert shown["placesLeft"] == 6
    expired = await invitee.data(MY_INVITATIONS, {"state": "EXPIRED"})
    assert [i["id"] for i in expired["myInvitations"]["nodes"]] == [invitation["id"]]


@pytest.mark.parametrize(("kind", "days"), [("example.peer_group", 21), (TEAM, 14)])
async def test_core_invitation_expiry_follows_the_kind_or_core_default(
    inv: Invitations, kind: str, days: int
) -> None:
    organization = await inv.make.organization()
    if kind == TEAM:
        group = await inv.team(organization, await inv.collaborative(organization))
    else:
        _, lead = await inv.member(organization)
        group = (await inv.form(lead, organization))["group"]["id"]

    invitation = (await inv.invite(inv.gql, group))["invitation"]

    sent = datetime.fromisoformat(invitation["createdAt"])
    assert datetime.fromisoformat(invitation["expiresAt"]) - sent == timedelta(days=days)


async def test_core_invitation_declined_by_the_invitee_frees_its_place(
    inv: Invitations,
) -> None:
    organization, group, lead = await inv.peer_group()
    person, invitee = await inv.member(organization)
    invitation = (await inv.invite(lead, group, await inv.email_of(person)))["invitation"]

    by_lead = await lead.execute(DECLINE, {"input": {"invitationId": invitation["id"]}})
    declined = await invitee.mutate(DECLINE, invitationId=invitation["id"])
    accept_after = await invitee.payload(ACCEPT, invitationId=invitation["id"])

    assert by_lead["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert declined["invitation"]["state"] == "DECLINED"
    assert declined["invitation"]["respondedAt"] is not None
    assert codes(accept_after) == ["CORE-INVITATION-CLOSED"]
    assert (await inv.group(lead, group))["placesLeft"] == 6


async def test_core_invitation_withdrawn_by_the_inviter_not_the_invitee(
    inv: Invitations,
) -> None:
    organization, group, lead = await inv.peer_group()
    person, invitee = await inv.member(organization)
    invitation = (await inv.invite(lead, group, await inv.email_of(person)))["invitation"]

    by_invitee = await invitee.execute(WITHDRAW, {"input": {"invitationId": invitation["id"]}})
    withdrawn = await lead.mutate(WITHDRAW, invitationId=invitation["id"])
    accept_after = await invitee.payload(ACCEPT, invitationId=invitation["id"])

    assert by_invitee["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert withdrawn["invitation"]["state"] == "WITHDRAWN"
    assert codes(accept_after) == ["CORE-INVITATION-CLOSED"]


async def test_core_invitation_kind_not_filled_by_invitation_refused(inv: Invitations) -> None:
    group = await inv.make.group("example.circle")

    payload = await inv.invite(inv.gql, group)

    assert codes(payload) == ["CORE-INVITATION-KIND"]


async def test_core_invitation_list_of_a_group_shown_to_its_lead_and_staff_only(
    inv: Invitations,
) -> None:
    organization, group, lead = await inv.peer_group()
    person, member = await inv.member(organization)
    await member.mutate(
        ACCEPT,
        invitationId=(await inv.invite(lead, group, await inv.email_of(person)))["invitation"][
            "id"
        ],
    )
    await inv.invite(lead, group)

    seen = {
        name: [i["state"] for i in (await inv.group(client, group))["invitations"]]
        for name, client in {"lead": lead, "staff": inv.gql, "member": member}.items()
    }

    assert seen == {"lead": ["ACCEPTED", "PENDING"], "staff": ["ACCEPTED", "PENDING"], "member": []}
