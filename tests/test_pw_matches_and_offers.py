"""Practising Well dead ends around matches, each proved closed through the public GraphQL API
and named after the rule it restores: approving a learner staff registered (PW-ACCOUNT), a
match that ends (PW-REQUEST), and waitlist places offered to the guide rather than given
(PW-REQUEST, PW-CAPACITY)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.factories import Factory
from tests.pw_factories import APPLY, DECIDE, DECIDE_OFFER, PwFactory
from tests.pw_lifecycle_support import (
    CANCEL,
    END_MATCH,
    ROLES,
    _history,
    _offered,
    _waitlist,
)
from tests.pw_support import (
    CONFIRM,
    SLUG,
    UPDATE_GUIDE,
    _codes,
    _error_code,
    _guide_profile,
    _notifications,
    _request_id,
    _requests,
)

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
