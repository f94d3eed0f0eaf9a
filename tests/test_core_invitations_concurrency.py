"""Invitations hold places under concurrent requests, on SQLite and PostgreSQL: a peer group of
7 (QIG-SIZE, here EX-PEER-SIZE) never holds more people and pending invitations than places."""

from __future__ import annotations

import asyncio

from tests.invitation_support import ACCEPT, JOIN, Invitations, codes, inv_fixture  # noqa: F401 (the fixture inv)

CONCURRENT = 24


async def test_core_invitation_capacity_holds_under_24_concurrent_invitations(
    inv: Invitations,
) -> None:
    _, group, lead = await inv.peer_group()

    payloads = await asyncio.gather(*(inv.invite(lead, group) for _ in range(CONCURRENT)))

    sent = [p for p in payloads if not p["errors"]]
    refused = [p for p in payloads if p["errors"]]
    assert len(sent) == 6
    assert {c for p in refused for c in codes(p)} == {"EX-PEER-SIZE"}
    shown = await inv.group(lead, group)
    assert (shown["memberCount"], shown["placesLeft"], len(shown["invitations"])) == (1, 0, 6)


async def test_core_invitation_accepts_keep_their_places_against_24_concurrent_requests(
    inv: Invitations,
) -> None:
    organization, group, lead = await inv.peer_group()
    invited = [await inv.member(organization) for _ in range(6)]
    invitations = [
        (await inv.invite(lead, group, await inv.email_of(person)))["invitation"]["id"]
        for person, _ in invited
    ]
    others = [(await inv.member(organization))[0] for _ in range(CONCURRENT - 6)]

    accepts = [
        client.payload(ACCEPT, invitationId=invitation)
        for (_, client), invitation in zip(invited, invitations, strict=True)
    ]
    joins = [inv.gql.payload(JOIN, groupId=group, personId=person) for person in others]
    payloads = await asyncio.gather(*accepts, *joins)

    assert [p["errors"] for p in payloads[:6]] == [[]] * 6
    assert {c for p in payloads[6:] for c in codes(p)} == {"EX-PEER-SIZE"}
    shown = await inv.group(lead, group)
    assert (shown["memberCount"], shown["placesLeft"]) == (7, 0)


async def test_core_invitation_accepted_once_under_24_concurrent_accepts(
    inv: Invitations,
) -> None:
    organization, group, lead = await inv.peer_group()
    person, invitee = await inv.member(organization)
    invitation = (await inv.invite(lead, group, await inv.email_of(person)))["invitation"]["id"]

    payloads = await asyncio.gather(
        *(invitee.payload(ACCEPT, invitationId=invitation) for _ in range(CONCURRENT))
    )

    assert sum(1 for p in payloads if not p["errors"]) == 1
    assert {c for p in payloads for c in codes(p)} == {"CORE-INVITATION-CLOSED"}
    assert (await inv.group(lead, group))["memberCount"] == 2
