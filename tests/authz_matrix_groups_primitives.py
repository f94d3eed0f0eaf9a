"""The authorization matrix's rows for member-formed groups, invitations, parents and roles.

Each case works on fresh groups of organization A made by the platform admin: a team of the
example program under a fresh collaborative, or a region. Anyone of A forms a team; A's staff
(and the platform admin) invite, withdraw, move groups and change roles; whoever an invitation
is addressed to, and no one else, answers it.
"""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import (
    DENY,
    SIGNED_IN,
    STAFF_OF_A,
    Entry,
    inputs,
    mutation,
    no_variables,
)
from tests.authz_world import ANONYMOUS, STAFF_B, World
from tests.factories import unique
from tests.invitation_support import (
    COLLABORATIVE,
    CREATE_GROUP,
    EMAIL_OF,
    INVITE,
    JOIN,
    REGION,
    TEAM,
    fresh_email,
)

OF_A = {**SIGNED_IN, STAFF_B: DENY}


async def _group_in_a(w: World, kind: str, **fields: Any) -> str:
    payload = await w.gql.mutate(
        CREATE_GROUP,
        organizationId=w.ids["A"],
        kind=kind,
        name=unique("Matrix group"),
        capacity=12,
        **fields,
    )
    return payload["group"]["id"]


async def _team_in_a(w: World) -> str:
    collaborative = await _group_in_a(w, COLLABORATIVE)
    return await _group_in_a(w, TEAM, parentId=collaborative, practiceName=unique("Practice"))


async def _invitation_to(w: World, caller: str) -> dict[str, Any]:
    """A fresh invitation addressed to the caller (to a stranger for the anonymous caller)."""
    if caller == ANONYMOUS:
        email = fresh_email()
    else:
        email = (await w.gql.data(EMAIL_OF, {"id": w.person(caller)}))["node"]["email"]
    payload = await w.gql.mutate(INVITE, groupId=await _team_in_a(w), email=email)
    return {"invitationId": payload["invitation"]["id"]}


async def _invitation_to_stranger(w: World, caller: str) -> dict[str, Any]:
    payload = await w.gql.mutate(INVITE, groupId=await _team_in_a(w), email=fresh_email())
    return {"invitationId": payload["invitation"]["id"]}


async def _team_to_form(w: World, caller: str) -> dict[str, Any]:
    return {
        "organizationId": w.ids["A"],
        "kind": TEAM,
        "name": unique("Formed team"),
        "parentId": await _group_in_a(w, COLLABORATIVE),
        "practiceName": unique("Practice"),
    }


async def _team_to_invite_to(w: World, caller: str) -> dict[str, Any]:
    return {"groupId": await _team_in_a(w), "email": fresh_email()}


async def _region_to_move(w: World, caller: str) -> dict[str, Any]:
    return {"groupId": await _group_in_a(w, REGION), "parentId": await _group_in_a(w, REGION)}


async def _member_to_lead(w: World, caller: str) -> dict[str, Any]:
    team, person = await _team_in_a(w), await w.person_in("A")
    await w.gql.mutate(JOIN, groupId=team, personId=person)
    return {"groupId": team, "changes": [{"personId": person, "role": "LEAD"}]}


GROUPS_PRIMITIVES_MATRIX: dict[str, Entry] = {
    "myInvitations": Entry("{ myInvitations { nodes { state email } } }", no_variables, SIGNED_IN),
    "formGroup": Entry(
        mutation("formGroup", "FormGroupInput", "membership { role }"),
        inputs(_team_to_form),
        OF_A,
    ),
    "inviteToGroup": Entry(
        mutation("inviteToGroup", "InviteToGroupInput", "invitation { state }"),
        inputs(_team_to_invite_to),
        STAFF_OF_A,
    ),
    "acceptInvitation": Entry(
        mutation("acceptInvitation", "InvitationInput", "membership { role }"),
        inputs(_invitation_to),
        SIGNED_IN,
    ),
    "declineInvitation": Entry(
        mutation("declineInvitation", "InvitationInput", "invitation { state }"),
        inputs(_invitation_to),
        SIGNED_IN,
    ),
    "withdrawInvitation": Entry(
        mutation("withdrawInvitation", "InvitationInput", "invitation { state }"),
        inputs(_invitation_to_stranger),
        STAFF_OF_A,
    ),
    "setGroupParent": Entry(
        mutation("setGroupParent", "SetGroupParentInput", "group { name }"),
        inputs(_region_to_move),
        STAFF_OF_A,
    ),
    "changeMemberRoles": Entry(
        mutation("changeMemberRoles", "ChangeMemberRolesInput", "memberships { role }"),
        inputs(_member_to_lead),
        STAFF_OF_A,
    ),
}
