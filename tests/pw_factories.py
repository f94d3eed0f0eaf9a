"""Practising Well test data, made through the API as a frontend would: an OCFP organization
with its program staff, learners who applied and were approved, and guides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.factories import Factory
from tests.graphql_client import GraphQLClient

ASSIGN_ROLE = """
mutation($input: AssignRoleInput!) {
  assignRole(input: $input) { roleAssignment { id } errors { code field message } }
}"""

APPLY = """
mutation($input: PwApplyInput!) {
  pwApply(input: $input) { learner { id status } errors { code field message } }
}"""

DECIDE = """
mutation($input: PwDecideApplicationInput!) {
  pwDecideApplication(input: $input) { learner { id status } errors { code field message } }
}"""

CREATE_GUIDE = """
mutation($input: PwCreateGuideInput!) {
  pwCreateGuide(input: $input) { guide { id name capacity load available } errors { code message } }
}"""

REQUEST_GUIDE = """
mutation($input: PwRequestGuideInput!) {
  pwRequestGuide(input: $input) { request { id status staffPick } errors { code field message } }
}"""

CONFIRM_MATCH = """
mutation($input: PwConfirmMatchInput!) {
  pwConfirmMatch(input: $input) { request { id status guideName } errors { code field message } }
}"""

JOIN_WAITLIST = """
mutation($input: PwRequestIdInput!) {
  pwJoinWaitlist(input: $input) { request { id status } errors { code field message } }
}"""

END_MATCH = """
mutation($input: PwEndMatchInput!) {
  pwEndMatch(input: $input) { offered { id status } errors { code field message } }
}"""

DECIDE_OFFER = """
mutation($input: PwDecideOfferInput!) {
  pwDecideOffer(input: $input) {
    request { id status decidedAt reason } errors { code field message }
  }
}"""


@dataclass
class Learner:
    person: str
    account: str
    client: GraphQLClient


@dataclass
class Guide:
    id: str
    person: str
    client: GraphQLClient


class PwFactory:
    """Builds Practising Well worlds; each OCFP organization gets its own program staff."""

    def __init__(
        self, gql: GraphQLClient, make: Factory, client_for: Callable[[str], GraphQLClient]
    ) -> None:
        self.gql = gql
        self.make = make
        self.client_for = client_for

    async def ocfp(self) -> tuple[str, GraphQLClient]:
        """A new OCFP organization and a client for its program staff."""
        organization = await self.make.organization()
        staff = await self.make.person("OTHER", organization=organization)
        await self.gql.mutate(
            ASSIGN_ROLE,
            personId=staff,
            organizationId=organization,
            program="ocfp_practising_well",
            role="PROGRAM_STAFF",
        )
        return organization, self.client_for(staff)

    async def learner(
        self,
        organization: str,
        staff: GraphQLClient,
        approved: bool = True,
        reporting: str = "CERTIFICATE",
    ) -> Learner:
        person = await self.make.person(organization=organization)
        client = self.client_for(person)
        applied = await client.mutate(
            APPLY, organizationId=organization, topicAreas=["CHRONIC_PAIN"], reporting=reporting
        )
        account = applied["learner"]["id"]
        if approved:
            await staff.mutate(DECIDE, accountId=account, approve=True)
        return Learner(person, account, client)

    async def guide(self, organization: str, staff: GraphQLClient, capacity: int = 3) -> Guide:
        person = await self.make.person(organization=organization)
        created = await staff.mutate(
            CREATE_GUIDE,
            personId=person,
            organizationId=organization,
            bio="Experienced family physician and mentor.",
            topicAreas=["CHRONIC_PAIN", "MENTAL_HEALTH"],
            capacity=capacity,
        )
        return Guide(created["guide"]["id"], person, self.client_for(person))

    async def match(self, learner: Learner, guide: Guide, staff: GraphQLClient) -> str:
        """Request and confirm a match; returns the request ID."""
        requested = await learner.client.mutate(REQUEST_GUIDE, guideId=guide.id)
        request = requested["request"]["id"]
        confirmed = await staff.mutate(CONFIRM_MATCH, requestId=request)
        assert confirmed["request"]["status"] == "MATCHED", confirmed
        return request

    async def waitlist(self, learner: Learner, guide: Guide, staff: GraphQLClient) -> str:
        """Request a guide staff find full, then wait for them; returns the request ID."""
        requested = await learner.client.mutate(REQUEST_GUIDE, guideId=guide.id)
        request = requested["request"]["id"]
        confirmed = await staff.mutate(CONFIRM_MATCH, requestId=request)
        assert confirmed["request"]["status"] == "UNAVAILABLE", confirmed
        joined = await learner.client.mutate(JOIN_WAITLIST, requestId=request)
        assert joined["request"]["status"] == "WAITLISTED", joined
        return request

    async def offer(self, organization: str, staff: GraphQLClient) -> tuple[Guide, str]:
        """A fresh guide with one place: its match ends and the place is offered to the
        learner waiting. Returns the guide and the OFFERED request."""
        guide = await self.guide(organization, staff, capacity=1)
        matched = await self.learner(organization, staff)
        await self.match(matched, guide, staff)
        request = await self.waitlist(await self.learner(organization, staff), guide, staff)
        ended = await staff.mutate(END_MATCH, guideId=guide.id, learnerId=matched.person)
        assert [r["id"] for r in ended["offered"]] == [request], ended
        return guide, request
