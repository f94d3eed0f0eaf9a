"""PW-REQUEST, PW-STAFF-PICK, PW-CAPACITY and PW-MULTI: how a learner is matched with a guide.

Staff confirm each request against the guide's capacity (or pick the guide themselves);
a full guide's requests wait, first come first served; a learner may have several guides
and a learner group, but never the same guide twice.

Every OCFP world is made fresh per test (its own organization and program staff), so tests
share the session's database without seeing each other's data.
"""

from __future__ import annotations

import asyncio

from tests.pw_factories import DECIDE_OFFER, JOIN_WAITLIST, PwFactory
from tests.pw_support import (
    ADD_TO_LEARNER_GROUP,
    CONFIRM,
    CREATE_LEARNER_GROUP,
    END_MATCH,
    GOALS,
    MY_MEMBERSHIPS,
    SLUG,
    UPDATE_GUIDE,
    _codes,
    _error_code,
    _guide_profile,
    _notifications,
    _request,
    _request_id,
    _requests,
)

# --- PW-REQUEST --------------------------------------------------------------------------------


async def test_pw_request_staff_confirm_capacity_and_match(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)

    requested = await _request(learner, guide)
    request = requested["request"]["id"]
    waiting = await _requests(staff, organization)
    confirmed = await staff.mutate(CONFIRM, requestId=request)

    assert requested["request"]["status"] == "REQUESTED"
    assert requested["request"]["staffPick"] is False
    assert requested["request"]["guideId"] == guide.id
    assert waiting == {request: "REQUESTED"}
    assert confirmed["request"]["status"] == "MATCHED"
    assert confirmed["request"]["decidedAt"] is not None
    assert await _requests(learner.client, organization) == {request: "MATCHED"}
    assert any(kind == f"{SLUG}.match" for kind, _ in await _notifications(learner.client))
    assert (await _guide_profile(learner.client, organization, guide))["load"] == 1


async def test_pw_request_full_guide_is_unavailable_and_learner_is_notified(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff, capacity=1)
    await pw.match(await pw.learner(organization, staff), guide, staff)
    learner = await pw.learner(organization, staff)
    request = await _request_id(learner, guide)

    confirmed = await staff.mutate(CONFIRM, requestId=request)

    assert confirmed["request"]["status"] == "UNAVAILABLE"
    notes = await _notifications(learner.client)
    assert [kind for kind, _ in notes] == [f"{SLUG}.request", f"{SLUG}.account"]
    assert "no capacity" in notes[0][1]
    assert "waitlist" in notes[0][1]
    assert (await _guide_profile(learner.client, organization, guide))["load"] == 1


async def test_pw_request_unavailable_learner_picks_another_guide(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    full = await pw.guide(organization, staff, capacity=1)
    await pw.match(await pw.learner(organization, staff), full, staff)
    other = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    first = await _request_id(learner, full)
    await staff.mutate(CONFIRM, requestId=first)

    second = await _request_id(learner, other)
    confirmed = await staff.mutate(CONFIRM, requestId=second)

    assert confirmed["request"]["status"] == "MATCHED"
    assert confirmed["request"]["guideId"] == other.id
    assert await _requests(learner.client, organization) == {
        first: "UNAVAILABLE",
        second: "MATCHED",
    }


async def test_pw_request_waitlist_is_served_first_come_first_served(pw: PwFactory) -> None:
    """A freed place goes to the first learner waiting as an offer the guide confirms (staff
    ask the guide before every match), never straight into a match."""
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff, capacity=1)
    matched = await pw.learner(organization, staff)
    await pw.match(matched, guide, staff)
    first, second = [await pw.learner(organization, staff) for _ in range(2)]
    waiting = {}
    for learner in (first, second):
        request = await _request_id(learner, guide)
        assert (await staff.mutate(CONFIRM, requestId=request))["request"]["status"] == (
            "UNAVAILABLE"
        )
        joined = await learner.client.mutate(JOIN_WAITLIST, requestId=request)
        assert joined["request"]["status"] == "WAITLISTED"
        waiting[learner.person] = request
    profile = await _guide_profile(staff, organization, guide)
    assert (profile["load"], profile["waitlist"], profile["available"]) == (1, 2, False)

    ended = await staff.mutate(END_MATCH, guideId=guide.id, learnerId=matched.person)

    assert [r["id"] for r in ended["offered"]] == [waiting[first.person]]
    statuses = await _requests(staff, organization)
    assert statuses[waiting[first.person]] == "OFFERED"
    assert statuses[waiting[second.person]] == "WAITLISTED"
    (latest_kind, latest_message), *_ = await _notifications(first.client)
    assert latest_kind == f"{SLUG}.offer"
    assert "A place opened" in latest_message
    profile = await _guide_profile(staff, organization, guide)
    assert (profile["load"], profile["offered"], profile["waitlist"]) == (0, 1, 1)
    assert profile["available"] is False

    await guide.client.mutate(DECIDE_OFFER, requestId=waiting[first.person], accept=True)

    statuses = await _requests(staff, organization)
    assert statuses[waiting[first.person]] == "MATCHED"
    profile = await _guide_profile(staff, organization, guide)
    assert (profile["load"], profile["offered"], profile["waitlist"]) == (1, 0, 1)


async def test_pw_request_match_is_ended_by_the_learner_the_guide_or_staff_only(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner, bystander = [await pw.learner(organization, staff) for _ in range(2)]
    await pw.match(learner, guide, staff)

    refused = await bystander.client.execute(
        END_MATCH, {"input": {"guideId": guide.id, "learnerId": learner.person}}
    )
    ended = await guide.client.mutate(END_MATCH, guideId=guide.id, learnerId=learner.person)
    again = await staff.payload(END_MATCH, guideId=guide.id, learnerId=learner.person)

    assert _error_code(refused) == "FORBIDDEN"
    assert ended["matchedFromWaitlist"] == []
    assert ended["offered"] == []
    assert [code for code, _ in _codes(again)] == ["PW-REQUEST"]
    assert (await _guide_profile(staff, organization, guide))["load"] == 0


# --- PW-STAFF-PICK -----------------------------------------------------------------------------


async def test_pw_staff_pick_request_without_guide_is_matched_with_staffs_choice(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)

    requested = await _request(learner)
    request = requested["request"]["id"]
    unnamed = await staff.payload(CONFIRM, requestId=request)
    confirmed = await staff.mutate(CONFIRM, requestId=request, guideId=guide.id)

    assert requested["request"]["staffPick"] is True
    assert requested["request"]["guideId"] is None
    assert _codes(unnamed) == [("PW-STAFF-PICK", "guideId")]
    assert confirmed["request"]["status"] == "MATCHED"
    assert confirmed["request"]["guideId"] == guide.id
    assert confirmed["request"]["guideName"]
    assert (await _guide_profile(learner.client, organization, guide))["load"] == 1


# --- PW-CAPACITY -------------------------------------------------------------------------------


async def test_pw_capacity_holds_when_staff_confirm_50_requests_concurrently(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff, capacity=3)
    learners = [await pw.learner(organization, staff) for _ in range(50)]
    requests = [await _request_id(learner, guide) for learner in learners]

    payloads = await asyncio.gather(*(staff.payload(CONFIRM, requestId=r) for r in requests))

    assert [p["errors"] for p in payloads] == [[]] * 50
    statuses = [p["request"]["status"] for p in payloads]
    assert statuses.count("MATCHED") == 3
    assert statuses.count("UNAVAILABLE") == 47
    profile = await _guide_profile(staff, organization, guide)
    assert (profile["capacity"], profile["load"], profile["available"]) == (3, 3, False)
    stored = await _requests(staff, organization)
    assert sorted(stored.values()) == sorted(statuses)


async def test_pw_capacity_cannot_be_lowered_below_the_current_load(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff, capacity=3)
    for _ in range(2):
        await pw.match(await pw.learner(organization, staff), guide, staff)

    refused = await staff.payload(UPDATE_GUIDE, guideId=guide.id, capacity=1)
    lowered = await staff.mutate(UPDATE_GUIDE, guideId=guide.id, capacity=2)

    assert _codes(refused) == [("PW-CAPACITY", "capacity")]
    assert "2" in refused["errors"][0]["message"]
    assert (lowered["guide"]["capacity"], lowered["guide"]["load"]) == (2, 2)
    assert lowered["guide"]["available"] is False


async def test_pw_capacity_raised_serves_the_waitlist_in_order(pw: PwFactory) -> None:
    """The place a raised capacity opens is offered to the first learner waiting; the guide
    confirms it into a match."""
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff, capacity=1)
    await pw.match(await pw.learner(organization, staff), guide, staff)
    first, second = [await pw.learner(organization, staff) for _ in range(2)]
    requests = []
    for learner in (first, second):
        request = await _request_id(learner, guide)
        await staff.mutate(CONFIRM, requestId=request)
        await learner.client.mutate(JOIN_WAITLIST, requestId=request)
        requests.append(request)

    raised = await staff.mutate(UPDATE_GUIDE, guideId=guide.id, capacity=2)

    assert (raised["guide"]["load"], raised["guide"]["offered"]) == (1, 1)
    assert raised["guide"]["waitlist"] == 1
    statuses = await _requests(staff, organization)
    assert [statuses[r] for r in requests] == ["OFFERED", "WAITLISTED"]
    await guide.client.mutate(DECIDE_OFFER, requestId=requests[0], accept=True)
    statuses = await _requests(staff, organization)
    assert [statuses[r] for r in requests] == ["MATCHED", "WAITLISTED"]


# --- PW-MULTI ----------------------------------------------------------------------------------


async def test_pw_multi_learner_with_two_guides_and_a_learner_group_of_a_third(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    one, two, facilitator = [await pw.guide(organization, staff) for _ in range(3)]
    learner, peer = [await pw.learner(organization, staff) for _ in range(2)]
    await pw.match(learner, one, staff)
    await pw.match(learner, two, staff)

    created = await staff.mutate(
        CREATE_LEARNER_GROUP, guideId=facilitator.id, name="Opioid tapering circle", capacity=4
    )
    group = created["group"]["id"]
    await staff.mutate(ADD_TO_LEARNER_GROUP, groupId=group, learnerId=learner.person)
    added = await staff.mutate(ADD_TO_LEARNER_GROUP, groupId=group, learnerId=peer.person)

    assert created["group"]["kind"] == f"{SLUG}.learner_group"
    assert (added["group"]["memberCount"], added["group"]["placesLeft"]) == (2, 2)
    memberships = (await learner.client.data(MY_MEMBERSHIPS))["me"]["memberships"]["nodes"]
    kinds = sorted(m["group"]["kind"] for m in memberships if m["status"] == "ACTIVE")
    assert kinds == [f"{SLUG}.caseload", f"{SLUG}.caseload", f"{SLUG}.learner_group"]
    for guide in (one, two, facilitator):
        assert (await guide.client.data(GOALS, {"learner": learner.person}))["pwGoals"] == []


async def test_pw_multi_second_request_for_the_same_guide_is_refused(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)

    again = await _request(learner, guide)

    assert [code for code, _ in _codes(again)] == ["PW-MULTI"]


async def test_pw_multi_learner_group_is_for_approved_learners_within_its_size(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    facilitator = await pw.guide(organization, staff)
    too_big = await staff.payload(
        CREATE_LEARNER_GROUP, guideId=facilitator.id, name="Crowd", capacity=9
    )
    created = await staff.mutate(
        CREATE_LEARNER_GROUP, guideId=facilitator.id, name="Pair", capacity=2
    )
    group = created["group"]["id"]
    pending = await pw.learner(organization, staff, approved=False)
    learners = [await pw.learner(organization, staff) for _ in range(3)]

    unapproved = await staff.payload(ADD_TO_LEARNER_GROUP, groupId=group, learnerId=pending.person)
    added = [
        await staff.payload(ADD_TO_LEARNER_GROUP, groupId=group, learnerId=learner.person)
        for learner in learners
    ]

    assert _codes(too_big) == [("PW-CAPACITY", "capacity")]
    assert [code for code, _ in _codes(unapproved)] == ["PW-ACCOUNT"]
    assert [[code for code, _ in _codes(p)] for p in added] == [[], [], ["PW-CAPACITY"]]
