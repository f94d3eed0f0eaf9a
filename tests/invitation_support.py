"""Documents and helpers for the tests of member-formed groups, invitations, teams and
practices (and their authorization matrix rows)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from core.db import Database
from core.graphql.relay import from_global_id
from core.groups.models import Invitation
from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient

PEER_GROUP = "example.peer_group"
COLLABORATIVE = "example.collaborative"
TEAM = "example.team"
REGION = "example.region"
ERRORS = "errors { code field message }"
INVITATION_FIELDS = "id email state createdAt expiresAt respondedAt group { id name }"
GROUP_FIELDS = (
    "id name kind capacity memberCount placesLeft practiceName practiceLocation "
    "parent { id } children { id } composition { complete missing { code message } }"
)

FORM_GROUP = f"""
mutation($input: FormGroupInput!) {{
  formGroup(input: $input) {{ group {{ {GROUP_FIELDS} }} membership {{ role status }} {ERRORS} }}
}}"""

CREATE_GROUP = f"""
mutation($input: CreateGroupInput!) {{
  createGroup(input: $input) {{ group {{ {GROUP_FIELDS} }} {ERRORS} }}
}}"""

INVITE = f"""
mutation($input: InviteToGroupInput!) {{
  inviteToGroup(input: $input) {{ invitation {{ {INVITATION_FIELDS} }} {ERRORS} }}
}}"""

ACCEPT = f"""
mutation($input: InvitationInput!) {{
  acceptInvitation(input: $input) {{
    invitation {{ {INVITATION_FIELDS} }} membership {{ role status person {{ id }} }} {ERRORS}
  }}
}}"""

DECLINE = f"""
mutation($input: InvitationInput!) {{
  declineInvitation(input: $input) {{ invitation {{ {INVITATION_FIELDS} }} {ERRORS} }}
}}"""

WITHDRAW = f"""
mutation($input: InvitationInput!) {{
  withdrawInvitation(input: $input) {{ invitation {{ {INVITATION_FIELDS} }} {ERRORS} }}
}}"""

MY_INVITATIONS = f"""
query($state: InvitationState) {{
  myInvitations(state: $state) {{ nodes {{ {INVITATION_FIELDS} }} }}
}}"""

GROUP = f"""
query($id: ID!) {{
  node(id: $id) {{
    ... on Group {{
      {GROUP_FIELDS}
      invitations {{ id email state }}
      memberships {{ nodes {{ role status person {{ id }} }} }}
    }}
  }}
}}"""

SET_PARENT = f"""
mutation($input: SetGroupParentInput!) {{
  setGroupParent(input: $input) {{ group {{ id parent {{ id }} }} {ERRORS} }}
}}"""

CHANGE_ROLES = f"""
mutation($input: ChangeMemberRolesInput!) {{
  changeMemberRoles(input: $input) {{ memberships {{ role person {{ id }} }} {ERRORS} }}
}}"""

JOIN = f"""
mutation($input: JoinGroupInput!) {{
  joinGroup(input: $input) {{ membership {{ role status }} {ERRORS} }}
}}"""

LEAVE = f"""
mutation($input: LeaveGroupInput!) {{
  leaveGroup(input: $input) {{ membership {{ status }} {ERRORS} }}
}}"""

EMAIL_OF = "query($id: ID!) { node(id: $id) { ... on Person { email } } }"


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def fresh_email() -> str:
    return f"invitee-{uuid.uuid4().hex[:12]}@example.org"


@dataclass
class Invitations:
    """Makes people, groups and invitations through the API for one test."""

    gql: GraphQLClient
    make: Factory
    client_for: Callable[[int | str | None], GraphQLClient]

    async def member(
        self, organization: str, profession: str = "FAMILY_PHYSICIAN", email: str | None = None
    ) -> tuple[str, GraphQLClient]:
        fields = {"email": email} if email else {}
        person = await self.make.person(profession, organization=organization, **fields)
        return person, self.client_for(person)

    async def email_of(self, person: str) -> str:
        return (await self.gql.data(EMAIL_OF, {"id": person}))["node"]["email"]

    async def form(
        self, client: GraphQLClient, organization: str, kind: str = PEER_GROUP, **fields: Any
    ) -> dict[str, Any]:
        return await client.payload(
            FORM_GROUP, organizationId=organization, kind=kind, name=unique("Formed"), **fields
        )

    async def peer_group(self) -> tuple[str, str, GraphQLClient]:
        """A fresh organization, and a peer group of 7 its physician lead formed there."""
        organization = await self.make.organization()
        _, lead = await self.member(organization)
        group = (await self.form(lead, organization))["group"]["id"]
        return organization, group, lead

    async def collaborative(self, organization: str) -> str:
        payload = await self.gql.mutate(
            CREATE_GROUP,
            organizationId=organization,
            kind=COLLABORATIVE,
            name=unique("Collaborative"),
            capacity=50,
        )
        return payload["group"]["id"]

    async def team(self, organization: str, parent: str, capacity: int = 12) -> str:
        payload = await self.gql.mutate(
            CREATE_GROUP,
            organizationId=organization,
            kind=TEAM,
            name=unique("Team"),
            capacity=capacity,
            parentId=parent,
            practiceName=unique("Practice"),
        )
        return payload["group"]["id"]

    async def invite(
        self, client: GraphQLClient, group: str, email: str | None = None
    ) -> dict[str, Any]:
        return await client.payload(INVITE, groupId=group, email=email or fresh_email())

    async def group(self, client: GraphQLClient, group: str) -> dict[str, Any]:
        return (await client.data(GROUP, {"id": group}))["node"]


@pytest.fixture(name="inv")
def inv_fixture(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Invitations:
    """The tests' maker (import ``inv_fixture`` to use it as ``inv``)."""
    return Invitations(gql, make, client_for)


async def age(database: Database, invitation: str, days: int) -> None:
    """Move an invitation ``days`` into the past: as if sent then, so the clock expires it."""
    pk = from_global_id(invitation)[1]
    async with database.write() as session:
        row = await session.get(Invitation, pk)
        assert row is not None
        row.created_at -= timedelta(days=days)
        row.expires_at -= timedelta(days=days)
