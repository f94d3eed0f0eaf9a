"""Documents and helpers for the tests of a match's and an account's whole life: the request
history, ending a match, cancelling, withdrawing, and a guide with learners waiting in line.

A support module: tests/test_pw_matches_and_offers.py and tests/test_pw_withdrawal.py share
these. Its ``END_MATCH`` selects more than tests/pw_support.py's (the ended request and
whom it offered the freed place), so the two are kept apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.graphql_client import GraphQLClient
from tests.pw_factories import APPLY, DECIDE, Guide, Learner, PwFactory
from tests.pw_support import SURVEY

HISTORY = """
query($org: ID!) {
  pwRequests(organizationId: $org) {
    id status guideId decidedAt waitlistedAt offeredAt endedAt endedById endedByName reason
  }
}"""

END_MATCH = """
mutation($input: PwEndMatchInput!) {
  pwEndMatch(input: $input) {
    request { id status endedAt endedById reason } offered { id status }
    errors { code field message }
  }
}"""

CANCEL = """
mutation($input: PwRequestIdInput!) {
  pwCancelRequest(input: $input) { request { id status } errors { code field message } }
}"""

WITHDRAW = """
mutation($input: PwWithdrawAccountInput!) {
  pwWithdrawAccount(input: $input) {
    learner { id status withdrawnAt withdrawnById withdrawalReason }
    errors { code field message }
  }
}"""

ROLES = """
query($id: ID!) { node(id: $id) { ... on Person { roles { role program } } } }"""

SURVEYS = """
query {
  me {
    open: dueItems { nodes { kind completedAt closedAt } }
    record: dueItems(includeCompleted: true) { nodes { kind dueOn completedAt closedAt } }
  }
}"""

ANSWER_SURVEY = """
mutation($input: PwSubmitProgressSurveyInput!) {
  pwSubmitProgressSurvey(input: $input) {
    report { id } released { title credits } errors { code field message }
  }
}"""

ELIGIBILITY = """
query($person: ID!, $action: String!) {
  eligibility(personId: $person, action: $action) { allowed reasons { code allowed } }
}"""


async def _history(client: GraphQLClient, organization: str) -> dict[str, dict[str, Any]]:
    rows = (await client.data(HISTORY, {"org": organization}))["pwRequests"]
    return {r["id"]: r for r in rows}


async def _open_and_record(
    client: GraphQLClient,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The viewer's progress surveys still owed, and all of them (answered and closed too)."""
    me = (await client.data(SURVEYS))["me"]
    return (
        [d for d in me["open"]["nodes"] if d["kind"] == SURVEY],
        [d for d in me["record"]["nodes"] if d["kind"] == SURVEY],
    )


async def _apply_again(learner: Learner, organization: str, staff: GraphQLClient) -> None:
    """A learner who left applies again and staff approve the account again."""
    applied = await learner.client.mutate(
        APPLY, organizationId=organization, topicAreas=["CHRONIC_PAIN"], reporting="CERTIFICATE"
    )
    await staff.mutate(DECIDE, accountId=applied["learner"]["id"], approve=True)


@dataclass
class Waitlist:
    """A guide with one place, taken by ``matched``, and learners waiting for it in order."""

    guide: Guide
    matched: Learner
    waiting: list[tuple[Learner, str]]  # each learner and their WAITLISTED request

    @property
    def requests(self) -> list[str]:
        return [request for _, request in self.waiting]


async def _waitlist(
    pw: PwFactory, organization: str, staff: GraphQLClient, waiting: int = 1
) -> Waitlist:
    guide = await pw.guide(organization, staff, capacity=1)
    matched = await pw.learner(organization, staff)
    await pw.match(matched, guide, staff)
    learners = [await pw.learner(organization, staff) for _ in range(waiting)]
    return Waitlist(
        guide,
        matched,
        [(learner, await pw.waitlist(learner, guide, staff)) for learner in learners],
    )


async def _offered(
    pw: PwFactory, organization: str, staff: GraphQLClient, waiting: int = 1
) -> Waitlist:
    """The match ends: the freed place is offered to the first of ``waiting`` learners."""
    line = await _waitlist(pw, organization, staff, waiting)
    await staff.mutate(END_MATCH, guideId=line.guide.id, learnerId=line.matched.person)
    return line
