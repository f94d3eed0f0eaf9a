"""Practising Well dead ends, each proved closed through the public GraphQL API and named after
the rule it restores: approving a learner staff registered (PW-ACCOUNT), a match that ends
(PW-REQUEST), waitlist places offered to the guide rather than given (PW-REQUEST,
PW-CAPACITY), and a learner who leaves the program (PW-ACCOUNT, PW-PROGRESS)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest

from core.db import Database
from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient
from tests.pw_factories import APPLY, DECIDE, DECIDE_OFFER, Guide, Learner, PwFactory
from tests.pw_support import (
    ADD_TO_LEARNER_GROUP,
    CONFIRM,
    CREATE_LEARNER_GROUP,
    REQUEST_GUIDE,
    SLUG,
    SUBMIT_SURVEY,
    UPDATE_GUIDE,
    _codes,
    _error_code,
    _guide_profile,
    _make_surveys_overdue,
    _notifications,
    _request_id,
    _requests,
    _surveys,
)

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

ELIGIBILITY = """
query($person: ID!, $action: String!) {
  eligibility(personId: $person, action: $action) { allowed reasons { code allowed } }
}"""


async def _history(client: GraphQLClient, organization: str) -> dict[str, dict[str, Any]]:
    rows = (await client.data(HISTORY, {"org": organization}))["pwRequests"]
    return {r["id"]: r for r in rows}


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


# --- PW-ACCOUNT: approving a learner staff registered -------------------------------------------


async def test_pw_account_staff_approve_a_learner_they_registered_for_the_program(
    pw: PwFactory, client_for: Any
) -> None:
    organization, staff = await pw.ocfp()
    person = await Factory(staff).person(organization=organization, program=SLUG)
    applied = await client_for(person).mutate(
        APPLY, organizationId=organization, topicAreas=["MENTAL_HEALTH"], reporting="CERTIFICATE"
    )

    decided = await staff.payload(DECIDE, accountId=applied["learner"]["id"], approve=True)

    assert decided["errors"] == []
    assert decided["learner"]["status"] == "APPROVED"
    roles = (await staff.data(ROLES, {"id": person}))["node"]["roles"]
    assert roles.count({"role": "MEMBER", "program": SLUG}) == 1


# --- PW-REQUEST: a match that ends --------------------------------------------------------------


@pytest.mark.parametrize("ender", ["learner", "guide", "staff"])
async def test_pw_request_ended_match_has_ended_state(pw: PwFactory, ender: str) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    request = await pw.match(learner, guide, staff)
    client, person = {
        "learner": (learner.client, learner.person),
        "guide": (guide.client, guide.person),
        "staff": (staff, None),
    }[ender]

    ended = await client.mutate(
        END_MATCH, guideId=guide.id, learnerId=learner.person, reason="Goal reached."
    )

    assert (ended["request"]["id"], ended["request"]["status"]) == (request, "ENDED")
    (row,) = (await _history(learner.client, organization)).values()
    assert row["status"] == "ENDED"
    assert row["decidedAt"] is not None
    assert row["endedAt"] is not None
    assert row["endedByName"]
    if person is not None:
        assert row["endedById"] == person
    assert row["reason"] == "Goal reached."
    assert (await _guide_profile(staff, organization, guide))["load"] == 0


async def test_pw_request_ended_match_tells_the_other_party(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)

    await guide.client.mutate(END_MATCH, guideId=guide.id, learnerId=learner.person)

    (kind, message), *_ = await _notifications(learner.client)
    assert kind == f"{SLUG}.match_ended"
    assert "ended" in message


async def test_pw_request_learner_requests_the_same_guide_again_after_the_match_ended(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    first = await pw.match(learner, guide, staff)
    await learner.client.mutate(END_MATCH, guideId=guide.id, learnerId=learner.person)

    second = await pw.match(learner, guide, staff)

    assert await _requests(learner.client, organization) == {first: "ENDED", second: "MATCHED"}
    assert (await _guide_profile(staff, organization, guide))["load"] == 1


# --- PW-REQUEST: places freed are offered to the guide ------------------------------------------


async def test_pw_request_freed_place_is_offered_not_matched(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    line = await _offered(pw, organization, staff)
    guide, (waiting,) = line.guide, line.requests

    row = (await _history(staff, organization))[waiting]

    assert row["status"] == "OFFERED"
    assert row["waitlistedAt"] is not None
    assert row["offeredAt"] is not None
    (kind, message), *_ = await _notifications(guide.client)
    assert kind == f"{SLUG}.offer"
    assert "confirm" in message
    profile = await _guide_profile(staff, organization, guide)
    assert (profile["load"], profile["offered"], profile["available"]) == (0, 1, False)


@pytest.mark.parametrize("confirmer", ["guide", "staff"])
async def test_pw_request_offer_confirmed_by_the_guide_or_staff_is_a_match(
    pw: PwFactory, confirmer: str
) -> None:
    organization, staff = await pw.ocfp()
    line = await _offered(pw, organization, staff)
    guide, (waiting,) = line.guide, line.requests
    client = guide.client if confirmer == "guide" else staff

    confirmed = await client.mutate(DECIDE_OFFER, requestId=waiting, accept=True)

    assert confirmed["request"]["status"] == "MATCHED"
    assert confirmed["request"]["decidedAt"] is not None
    profile = await _guide_profile(staff, organization, guide)
    assert (profile["load"], profile["offered"]) == (1, 0)


@pytest.mark.parametrize("caller", ["learner", "other_guide"])
async def test_pw_request_offer_is_answered_by_no_one_but_the_guide_and_staff(
    pw: PwFactory, caller: str
) -> None:
    organization, staff = await pw.ocfp()
    line = await _offered(pw, organization, staff)
    ((learner, waiting),) = line.waiting
    client = learner.client if caller == "learner" else (await pw.guide(organization, staff)).client

    body = await client.execute(DECIDE_OFFER, {"input": {"requestId": waiting, "accept": True}})

    assert _error_code(body) == "FORBIDDEN"
    assert (await _requests(staff, organization))[waiting] == "OFFERED"


async def test_pw_request_declined_offer_goes_to_the_next_in_line(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    line = await _offered(pw, organization, staff, waiting=2)
    first, second = line.requests

    declined = await line.guide.client.mutate(
        DECIDE_OFFER, requestId=first, accept=False, reason="Outside my topic areas."
    )

    assert declined["request"]["status"] == "DECLINED"
    assert declined["request"]["reason"] == "Outside my topic areas."
    statuses = await _requests(staff, organization)
    assert (statuses[first], statuses[second]) == ("DECLINED", "OFFERED")


async def test_pw_request_learner_cancelling_an_offer_passes_it_on(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    line = await _offered(pw, organization, staff, waiting=2)
    (first_learner, first), (_, second) = line.waiting

    cancelled = await first_learner.client.mutate(CANCEL, requestId=first)

    assert cancelled["request"]["status"] == "CANCELLED"
    assert (await _requests(staff, organization))[second] == "OFFERED"


async def test_pw_request_freed_place_is_not_offered_while_the_guide_is_not_accepting(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    line = await _waitlist(pw, organization, staff)
    guide, matched, (waiting,) = line.guide, line.matched, line.requests
    await guide.client.mutate(UPDATE_GUIDE, guideId=guide.id, accepting=False)

    ended = await staff.mutate(END_MATCH, guideId=guide.id, learnerId=matched.person)

    assert ended["offered"] == []
    assert (await _requests(staff, organization))[waiting] == "WAITLISTED"


async def test_pw_request_guide_accepting_again_offers_the_waitlist(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    line = await _waitlist(pw, organization, staff)
    guide, matched, (waiting,) = line.guide, line.matched, line.requests
    await guide.client.mutate(UPDATE_GUIDE, guideId=guide.id, accepting=False)
    await staff.mutate(END_MATCH, guideId=guide.id, learnerId=matched.person)

    updated = await guide.client.mutate(UPDATE_GUIDE, guideId=guide.id, accepting=True)

    assert (updated["guide"]["offered"], updated["guide"]["waitlist"]) == (1, 0)
    assert (await _requests(staff, organization))[waiting] == "OFFERED"


async def test_pw_request_staff_find_a_guide_who_stopped_accepting_unavailable(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    request = await _request_id(await pw.learner(organization, staff), guide)
    await guide.client.mutate(UPDATE_GUIDE, guideId=guide.id, accepting=False)

    confirmed = await staff.mutate(CONFIRM, requestId=request)

    assert confirmed["request"]["status"] == "UNAVAILABLE"
    assert (await _guide_profile(staff, organization, guide))["load"] == 0


# --- PW-CAPACITY: an offered place is held ------------------------------------------------------


async def test_pw_capacity_offered_place_is_held_from_a_new_request(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    line = await _offered(pw, organization, staff)
    newcomer = await _request_id(await pw.learner(organization, staff), line.guide)

    confirmed = await staff.mutate(CONFIRM, requestId=newcomer)

    assert confirmed["request"]["status"] == "UNAVAILABLE"


async def test_pw_capacity_cannot_be_lowered_below_places_offered(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = (await _waitlist(pw, organization, staff)).guide
    raised = await staff.mutate(UPDATE_GUIDE, guideId=guide.id, capacity=2)
    assert (raised["guide"]["load"], raised["guide"]["offered"]) == (1, 1)

    refused = await staff.payload(UPDATE_GUIDE, guideId=guide.id, capacity=1)

    assert _codes(refused) == [("PW-CAPACITY", "capacity")]


async def test_pw_capacity_holds_when_an_offer_and_20_requests_are_confirmed_concurrently(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    line = await _offered(pw, organization, staff)
    guide, (waiting,) = line.guide, line.requests
    newcomers = [await _request_id(await pw.learner(organization, staff), guide) for _ in range(20)]

    offer, *payloads = await asyncio.gather(
        guide.client.payload(DECIDE_OFFER, requestId=waiting, accept=True),
        *(staff.payload(CONFIRM, requestId=r) for r in newcomers),
    )

    assert offer["errors"] == []
    assert offer["request"]["status"] == "MATCHED"
    assert [p["request"]["status"] for p in payloads] == ["UNAVAILABLE"] * 20
    profile = await _guide_profile(staff, organization, guide)
    assert (profile["capacity"], profile["load"], profile["offered"]) == (1, 1, 0)


# --- PW-ACCOUNT, PW-PROGRESS: a learner who leaves ----------------------------------------------


@pytest.mark.parametrize("by", ["learner", "staff"])
async def test_pw_account_withdrawal_is_recorded_with_when_and_by_whom(
    pw: PwFactory, by: str
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    if by == "learner":
        withdrawn = await learner.client.mutate(WITHDRAW, reason="Moving abroad.")
    else:
        withdrawn = await staff.mutate(WITHDRAW, accountId=learner.account, reason="Moving abroad.")

    account = withdrawn["learner"]
    assert account["status"] == "WITHDRAWN"
    assert account["withdrawnAt"] is not None
    assert account["withdrawalReason"] == "Moving abroad."
    if by == "learner":
        assert account["withdrawnById"] == learner.person
    else:
        assert account["withdrawnById"] not in (None, learner.person)


async def test_pw_account_withdrawal_ends_matches_and_offers_the_freed_place(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    line = await _waitlist(pw, organization, staff)
    guide, matched, (waiting,) = line.guide, line.matched, line.requests
    (match,) = [
        r["id"]
        for r in (await _history(matched.client, organization)).values()
        if r["status"] == "MATCHED"
    ]

    await matched.client.mutate(WITHDRAW)

    history = await _history(staff, organization)
    assert history[match]["status"] == "ENDED"
    assert history[match]["endedById"] == matched.person
    assert history[waiting]["status"] == "OFFERED"
    assert (await _guide_profile(staff, organization, guide))["load"] == 0


async def test_pw_account_withdrawal_cancels_open_requests(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    full = (await _waitlist(pw, organization, staff, waiting=0)).guide
    waiting = await pw.waitlist(learner, full, staff)
    requested = await _request_id(learner, await pw.guide(organization, staff))

    await learner.client.mutate(WITHDRAW)

    statuses = await _requests(learner.client, organization)
    assert (statuses[waiting], statuses[requested]) == ("CANCELLED", "CANCELLED")
    assert (await _guide_profile(staff, organization, full))["waitlist"] == 0


async def test_pw_account_withdrawal_leaves_learner_groups(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    facilitator = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    group = (
        await staff.mutate(
            CREATE_LEARNER_GROUP, guideId=facilitator.id, name=unique("Group"), capacity=2
        )
    )["group"]["id"]
    await staff.mutate(ADD_TO_LEARNER_GROUP, groupId=group, learnerId=learner.person)

    await staff.mutate(WITHDRAW, accountId=learner.account)

    added = await staff.payload(
        ADD_TO_LEARNER_GROUP,
        groupId=group,
        learnerId=(await pw.learner(organization, staff)).person,
    )
    assert added["errors"] == []
    assert added["group"]["memberCount"] == 1


async def test_pw_progress_withdrawal_closes_open_surveys(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    await learner.client.mutate(WITHDRAW)

    (survey,) = await _surveys(learner.client)
    assert survey["completedAt"] is not None


async def test_pw_progress_withdrawn_learners_overdue_survey_withholds_nothing(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await _make_surveys_overdue(database, learner.person)

    await learner.client.mutate(WITHDRAW)

    decision = (
        await staff.data(ELIGIBILITY, {"person": learner.person, "action": f"{SLUG}.certificate"})
    )["eligibility"]
    assert decision["reasons"] == [{"code": "PW-PROGRESS", "allowed": True}]


async def test_pw_progress_withdrawn_learner_is_scheduled_no_new_survey(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(WITHDRAW)

    answered = await learner.client.payload(SUBMIT_SURVEY, progress=3, reflection="Still here")

    assert [code for code, _ in _codes(answered)] == ["PW-ACCOUNT"]
    assert [s for s in await _surveys(learner.client) if s["completedAt"] is None] == []


async def test_pw_account_withdrawn_learner_cannot_request_a_guide(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(WITHDRAW)

    requested = await learner.client.payload(REQUEST_GUIDE, guideId=guide.id)

    assert [code for code, _ in _codes(requested)] == ["PW-ACCOUNT"]
    assert "apply again" in requested["errors"][0]["message"]


async def test_pw_account_withdrawn_learner_applies_again_and_staff_approve_again(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(WITHDRAW)

    applied = await learner.client.mutate(
        APPLY, organizationId=organization, topicAreas=["CHRONIC_PAIN"], reporting="CERTIFICATE"
    )
    pending = await learner.client.payload(REQUEST_GUIDE, guideId=guide.id)
    approved = await staff.payload(DECIDE, accountId=applied["learner"]["id"], approve=True)

    assert applied["learner"] == {"id": learner.account, "status": "PENDING"}
    assert [code for code, _ in _codes(pending)] == ["PW-ACCOUNT"]
    assert approved["errors"] == []
    assert approved["learner"]["status"] == "APPROVED"
    assert [s["completedAt"] for s in await _surveys(learner.client)][-1] is None
    roles = (await staff.data(ROLES, {"id": learner.person}))["node"]["roles"]
    assert roles.count({"role": "MEMBER", "program": SLUG}) == 1
    await pw.match(learner, guide, staff)


async def test_pw_account_another_learner_cannot_withdraw_an_account(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner, other = [await pw.learner(organization, staff) for _ in range(2)]

    body = await other.client.execute(WITHDRAW, {"input": {"accountId": learner.account}})

    assert _error_code(body) == "FORBIDDEN"


async def test_pw_account_withdrawn_account_is_not_withdrawn_twice(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(WITHDRAW)

    again = await staff.payload(WITHDRAW, accountId=learner.account)

    assert [code for code, _ in _codes(again)] == ["PW-ACCOUNT"]
