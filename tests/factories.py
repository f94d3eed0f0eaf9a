"""Test data made through the public API, with unique names so tests share a database."""

from __future__ import annotations

import itertools
import random
import string
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from tests.graphql_client import GraphQLClient

_serial = itertools.count(1)

CREATE_ORGANIZATION = """
mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { id name } errors { code field message } }
}"""

CREATE_PERSON = """
mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { person { id name email } errors { code field message } }
}"""

CREATE_GROUP = """
mutation($input: CreateGroupInput!) {
  createGroup(input: $input) { group { id name capacity } errors { code field message } }
}"""

CREATE_ACTIVITY = """
mutation($input: CreateActivityInput!) {
  createActivity(input: $input) { activity { id hours } errors { code field message } }
}"""

JOIN_GROUP = """
mutation($input: JoinGroupInput!) {
  joinGroup(input: $input) {
    membership { status role waitlistedAt person { id } }
    errors { code field message }
  }
}"""

RECORD_PARTICIPATION = """
mutation($input: RecordParticipationInput!) {
  recordParticipation(input: $input) {
    participation { id hours }
    creditEntry { id amount explanation formula scope rate quantity
                  capsApplied { code limit alreadyAwarded before after } }
    creditDecision { allowed reasons { code message allowed } }
    errors { code field message }
  }
}"""


def unique(prefix: str) -> str:
    """A unique name. The suffix is letters: a run of ten digits would read as a health card
    number to Practising Well's not-clinical screen."""
    return f"{prefix} {next(_serial)}-{''.join(random.choices(string.ascii_lowercase, k=8))}"


class Factory:
    def __init__(self, gql: GraphQLClient) -> None:
        self.gql = gql

    async def organization(self, kind: str = "association") -> str:
        payload = await self.gql.mutate(CREATE_ORGANIZATION, name=unique("Org"), kind=kind)
        return payload["organization"]["id"]

    async def person(
        self, profession: str = "FAMILY_PHYSICIAN", organization: str | None = None, **fields: Any
    ) -> str:
        physician = profession in {"FAMILY_PHYSICIAN", "SPECIALIST", "RESIDENT"}
        data: dict[str, Any] = {
            "organizationId": organization or await self.organization(),
            "givenName": "Test",
            "familyName": unique("Person").replace(" ", "-"),
            "email": f"{uuid.uuid4().hex}@example.org",
            "profession": profession,
            "licenceNumber": f"L{next(_serial)}" if physician else None,
            "licenceProvince": "ON" if physician else None,
        }
        data.update(fields)
        payload = await self.gql.mutate(CREATE_PERSON, **data)
        return payload["person"]["id"]

    async def group(
        self, kind: str = "example.circle", capacity: int = 12, organization: str | None = None
    ) -> str:
        payload = await self.gql.mutate(
            CREATE_GROUP,
            organizationId=organization or await self.organization(),
            kind=kind,
            name=unique("Group"),
            capacity=capacity,
        )
        return payload["group"]["id"]

    async def activity(
        self,
        kind: str = "example.workshop",
        hours: Decimal | int = 2,
        starts_at: datetime | None = None,
        organization: str | None = None,
    ) -> str:
        start = starts_at or datetime(2024, 3, 1, 17, 0, tzinfo=UTC)
        payload = await self.gql.mutate(
            CREATE_ACTIVITY,
            organizationId=organization or await self.organization(),
            kind=kind,
            title=unique("Workshop"),
            startsAt=start.isoformat(),
            endsAt=(start + timedelta(hours=float(hours))).isoformat(),
        )
        return payload["activity"]["id"]
