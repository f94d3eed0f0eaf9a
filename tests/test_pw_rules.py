"""Practising Well's rules, each proved through the public GraphQL API by tests named after it.

PW-ACCOUNT, PW-DIRECTORY, PW-REQUEST, PW-STAFF-PICK, PW-CAPACITY, PW-MULTI, PW-GOALS,
PW-PROGRESS, PW-CREDIT-PEER, PW-CREDIT-COP and PW-REPORTING (PW-NOT-CLINICAL is proved in
tests/test_pw_exchange.py). Every OCFP world is made fresh per test (its own organization and
program staff), so tests share the session's database without seeing each other's data.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import update

from core.db import Database
from core.graphql.relay import from_global_id
from core.models import DueItem
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.pw_factories import DECIDE_OFFER, JOIN_WAITLIST, Guide, Learner, PwFactory

SLUG = "ocfp_practising_well"
SURVEY = f"{SLUG}.progress_survey"
PEER_CONNECT = f"{SLUG}.peer_connect"
COP_CALL = f"{SLUG}.cop_call"

DECIDE = """
mutation($input: PwDecideApplicationInput!) {
  pwDecideApplication(input: $input) {
    learner { id status decisionNote } errors { code field message }
  }
}"""

MY_ACCOUNT = "query { pwMyAccount { id status reporting } }"

ME = """
query {
  me {
    notifications { kind message }
    dueItems(includeCompleted: true) { kind dueOn completedAt }
  }
}"""

DIRECTORY = """
query($org: ID!, $topic: PwTopic, $availableOnly: Boolean! = false) {
  pwGuideDirectory(organizationId: $org, topic: $topic, availableOnly: $availableOnly) {
    decision { allowed reasons { code allowed message } }
    guides { id name bio topics capacity load waitlist offered accepting available }
  }
}"""

CREATE_GUIDE = """
mutation($input: PwCreateGuideInput!) {
  pwCreateGuide(input: $input) { guide { id topics capacity } errors { code field message } }
}"""

UPDATE_GUIDE = """
mutation($input: PwUpdateGuideInput!) {
  pwUpdateGuide(input: $input) {
    guide { id capacity load waitlist offered accepting available }
    errors { code field message }
  }
}"""

REQUEST_GUIDE = """
mutation($input: PwRequestGuideInput!) {
  pwRequestGuide(input: $input) {
    request { id status staffPick guideId guideName } errors { code field message }
  }
}"""

CONFIRM = """
mutation($input: PwConfirmMatchInput!) {
  pwConfirmMatch(input: $input) {
    request { id status guideId guideName decidedAt } errors { code field message }
  }
}"""

END_MATCH = """
mutation($input: PwEndMatchInput!) {
  pwEndMatch(input: $input) {
    matchedFromWaitlist offered { id status } errors { code field message }
  }
}"""

REQUESTS = """
query($org: ID!, $status: PwRequestStatus) {
  pwRequests(organizationId: $org, status: $status) { id status guideId staffPick }
}"""

CREATE_LEARNER_GROUP = """
mutation($input: PwCreateLearnerGroupInput!) {
  pwCreateLearnerGroup(input: $input) {
    group { id kind capacity memberCount } errors { code field message }
  }
}"""

ADD_TO_LEARNER_GROUP = """
mutation($input: PwAddToLearnerGroupInput!) {
  pwAddToLearnerGroup(input: $input) {
    group { id memberCount placesLeft } errors { code field message }
  }
}"""

MY_MEMBERSHIPS = """
query { me { memberships { status role group { kind } } } }"""

SET_GOAL = """
mutation($input: PwSetGoalInput!) {
  pwSetGoal(input: $input) {
    goal { id specific targetDate term status closedAt } errors { code field message }
  }
}"""

CLOSE_GOAL = """
mutation($input: PwCloseGoalInput!) {
  pwCloseGoal(input: $input) { goal { id status closedAt } errors { code field message } }
}"""

GOALS = """
query($learner: ID!) { pwGoals(learnerId: $learner) { id specific status term } }"""

SESSIONS = """
query($learner: ID!) { pwSessions(learnerId: $learner) { id heldOn hours guideId } }"""

SUBMIT_SURVEY = """
mutation($input: PwSubmitProgressSurveyInput!) {
  pwSubmitProgressSurvey(input: $input) {
    report { id progress reflection goalId } errors { code field message }
  }
}"""

PROGRESS_REPORTS = """
query($learner: ID!) { pwProgressReports(learnerId: $learner) { id progress } }"""

LOG_SESSION = """
mutation($input: PwLogSessionInput!) {
  pwLogSession(input: $input) {
    session { id heldOn hours guideId }
    creditEntry { id amount formula scope rate quantity explanation
                  capsApplied { code scope limit alreadyAwarded before after } }
    creditDecision { allowed reasons { code message } }
    errors { code field message }
  }
}"""

SCHEDULE_CALL = """
mutation($input: PwScheduleCallInput!) {
  pwScheduleCall(input: $input) { call { id kind hours } errors { code field message } }
}"""

ATTEND = """
mutation($input: PwRecordCallAttendanceInput!) {
  pwRecordCallAttendance(input: $input) {
    creditEntry { id amount formula scope rate explanation
                  capsApplied { code limit alreadyAwarded before after } }
    creditDecision { allowed reasons { code message } }
    certificate { id number credits periodStart periodEnd title program certificationCode }
    certificateDecision { allowed reasons { code allowed message } }
    errors { code field message }
  }
}"""

PENDING = """
query($org: ID!) {
  pwPendingCreditReport(organizationId: $org) {
    creditEntryId learnerName licenceNumber earnedOn activityKind credits creditType
  }
}"""

MARK_REPORTED = """
mutation($input: PwMarkCreditsReportedInput!) {
  pwMarkCreditsReported(input: $input) { reported errors { code field message } }
}"""

SET_REPORTING = """
mutation($input: PwSetReportingPreferenceInput!) {
  pwSetReportingPreference(input: $input) { learner { reporting } errors { code field message } }
}"""

QUARTERLY = """
mutation($input: PwIssueQuarterlyCertificatesInput!) {
  pwIssueQuarterlyCertificates(input: $input) {
    issued { id credits periodStart periodEnd title program }
    withheld { learnerId decision { allowed reasons { code allowed message } } }
    errors { code field message }
  }
}"""

TRANSCRIPT = """
query($id: ID!, $cycleStart: Date) {
  transcript(personId: $id, cycleStart: $cycleStart) {
    total byProgram { program total certified }
  }
}"""

SMART = {
    "specific": "Taper long-term opioid therapy in my chronic pain patients.",
    "measurable": "Tapering plans documented for ten patients.",
    "achievable": "One plan a week with my guide's checklist.",
    "relevant": "A third of my practice lives with chronic pain.",
}


# --- helpers -----------------------------------------------------------------------------------


def _today() -> date:
    return datetime.now(UTC).date()


def _ago(days: int) -> date:
    return _today() - timedelta(days=days)


def _pk(global_id: str) -> int:
    return from_global_id(global_id)[1]


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


def _error_code(body: dict[str, Any]) -> str:
    (error,) = body["errors"]
    return error["extensions"]["code"]


def _previous_quarter() -> tuple[date, date]:
    today = _today()
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = this_quarter - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


async def _notifications(client: GraphQLClient) -> list[tuple[str, str]]:
    me = (await client.data(ME))["me"]
    return [(n["kind"], n["message"]) for n in me["notifications"]]


async def _surveys(client: GraphQLClient) -> list[dict[str, Any]]:
    me = (await client.data(ME))["me"]
    return [d for d in me["dueItems"] if d["kind"] == SURVEY]


async def _directory(client: GraphQLClient, organization: str, **variables: Any) -> dict:
    data = await client.data(DIRECTORY, {"org": organization, **variables})
    return data["pwGuideDirectory"]


async def _guide_profile(client: GraphQLClient, organization: str, guide: Guide) -> dict:
    directory = await _directory(client, organization)
    (profile,) = [g for g in directory["guides"] if g["id"] == guide.id]
    return profile


async def _request(learner: Learner, guide: Guide | None = None) -> dict[str, Any]:
    fields = {} if guide is None else {"guideId": guide.id}
    return await learner.client.payload(REQUEST_GUIDE, message="Chronic pain support", **fields)


async def _request_id(learner: Learner, guide: Guide | None = None) -> str:
    payload = await _request(learner, guide)
    assert not payload["errors"], payload
    return payload["request"]["id"]


async def _requests(client: GraphQLClient, organization: str) -> dict[str, str]:
    rows = (await client.data(REQUESTS, {"org": organization}))["pwRequests"]
    return {r["id"]: r["status"] for r in rows}


async def _make_surveys_overdue(database: Database, person: str) -> None:
    """Time passes: the learner's open progress surveys fell due yesterday."""
    async with database.write() as session:
        await session.execute(
            update(DueItem)
            .where(
                DueItem.person_id == _pk(person),
                DueItem.kind == SURVEY,
                DueItem.completed_at.is_(None),
            )
            .values(due_on=_ago(1))
        )


async def _log(
    client: GraphQLClient,
    guide: Guide,
    learner: Learner,
    hours: str,
    held_on: date | None = None,
) -> dict[str, Any]:
    return await client.payload(
        LOG_SESSION,
        guideId=guide.id,
        learnerId=learner.person,
        heldOn=(held_on or _ago(1)).isoformat(),
        hours=hours,
    )


async def _call(
    staff: GraphQLClient, organization: str, hours: float = 1, day: date | None = None
) -> str:
    starts = datetime.combine(day or _ago(30), time(17, 0), tzinfo=UTC)
    payload = await staff.mutate(
        SCHEDULE_CALL,
        organizationId=organization,
        title="Community of Practice: chronic pain",
        startsAt=starts.isoformat(),
        endsAt=(starts + timedelta(hours=hours)).isoformat(),
    )
    return payload["call"]["id"]


async def _attend(
    staff: GraphQLClient, call: str, learner: Learner, hours: str = "1"
) -> dict[str, Any]:
    return await staff.payload(ATTEND, callId=call, learnerId=learner.person, hours=hours)


async def _goal(client: GraphQLClient, days: int = 90, term: str = "SHORT", **fields: Any) -> dict:
    values = {
        **SMART,
        "targetDate": (_today() + timedelta(days=days)).isoformat(),
        "term": term,
        **fields,
    }
    return await client.payload(SET_GOAL, **values)


async def _total(client: GraphQLClient, person: str) -> Decimal:
    """The person's transcript total, over a cycle that holds every date these tests use."""
    variables = {"id": person, "cycleStart": _ago(400).isoformat()}
    return Decimal((await client.data(TRANSCRIPT, variables))["transcript"]["total"])


# --- PW-ACCOUNT --------------------------------------------------------------------------------


async def test_pw_account_unapproved_learner_cannot_request_a_guide(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, approved=False)

    payload = await _request(learner, guide)

    assert [code for code, _ in _codes(payload)] == ["PW-ACCOUNT"]
    assert "pending" in payload["errors"][0]["message"]
    assert payload["request"] is None
    assert (await learner.client.data(MY_ACCOUNT))["pwMyAccount"]["status"] == "PENDING"
    assert await _requests(staff, organization) == {}


async def test_pw_account_approval_notifies_the_learner(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, approved=False)
    assert await _notifications(learner.client) == []

    approved = await staff.mutate(DECIDE, accountId=learner.account, approve=True)

    assert approved["learner"]["status"] == "APPROVED"
    ((kind, message),) = await _notifications(learner.client)
    assert kind == f"{SLUG}.account"
    assert "approved" in message
    assert (await learner.client.data(MY_ACCOUNT))["pwMyAccount"]["status"] == "APPROVED"


async def test_pw_account_declined_application_is_notified_and_cannot_request(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, approved=False)

    declined = await staff.mutate(
        DECIDE, accountId=learner.account, approve=False, note="Not an Ontario licence."
    )
    again = await staff.payload(DECIDE, accountId=learner.account, approve=True)
    request = await _request(learner, guide)

    assert declined["learner"]["status"] == "DECLINED"
    assert declined["learner"]["decisionNote"] == "Not an Ontario licence."
    ((kind, message),) = await _notifications(learner.client)
    assert kind == f"{SLUG}.account"
    assert "not approved" in message
    assert "Not an Ontario licence." in message
    assert [code for code, _ in _codes(again)] == ["PW-ACCOUNT"]
    assert [code for code, _ in _codes(request)] == ["PW-ACCOUNT"]
    assert "declined" in request["errors"][0]["message"]


async def test_pw_account_only_program_staff_decide_applications(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, approved=False)
    other_learner = await pw.learner(organization, staff)
    _, other_staff = await pw.ocfp()

    by_learner = await other_learner.client.execute(
        DECIDE, {"input": {"accountId": learner.account, "approve": True}}
    )
    by_other_staff = await other_staff.execute(
        DECIDE, {"input": {"accountId": learner.account, "approve": True}}
    )

    assert _error_code(by_learner) == "FORBIDDEN"
    assert _error_code(by_other_staff) == "FORBIDDEN"
    assert (await learner.client.data(MY_ACCOUNT))["pwMyAccount"]["status"] == "PENDING"


# --- PW-DIRECTORY ------------------------------------------------------------------------------


async def test_pw_directory_is_closed_to_an_unapproved_learner(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, approved=False)

    directory = await _directory(learner.client, organization)

    assert directory["decision"]["allowed"] is False
    assert [(r["code"], r["allowed"]) for r in directory["decision"]["reasons"]] == [
        ("PW-DIRECTORY", False)
    ]
    assert directory["guides"] == []


async def test_pw_directory_is_open_to_an_approved_learner_with_capacity_and_load(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff, capacity=2)
    matched = await pw.learner(organization, staff)
    await pw.match(matched, guide, staff)
    learner = await pw.learner(organization, staff)

    directory = await _directory(learner.client, organization)

    assert directory["decision"]["allowed"] is True
    assert [r["code"] for r in directory["decision"]["reasons"]] == ["PW-DIRECTORY"]
    (profile,) = directory["guides"]
    assert profile["id"] == guide.id
    assert profile["bio"] == "Experienced family physician and mentor."
    assert profile["topics"] == ["MENTAL_HEALTH", "CHRONIC_PAIN"]
    assert (profile["capacity"], profile["load"], profile["waitlist"]) == (2, 1, 0)
    assert profile["accepting"] is True
    assert profile["available"] is True


async def test_pw_directory_filters_by_topic_and_availability(pw: PwFactory, make: Factory) -> None:
    organization, staff = await pw.ocfp()
    pain_and_mood = await pw.guide(organization, staff, capacity=1)
    full = await pw.guide(organization, staff, capacity=1)
    await pw.match(await pw.learner(organization, staff), full, staff)
    resting = await pw.guide(organization, staff, capacity=1)
    await staff.mutate(UPDATE_GUIDE, guideId=resting.id, accepting=False)
    addiction = await staff.mutate(
        CREATE_GUIDE,
        personId=await make.person(organization=organization),
        organizationId=organization,
        bio="Addiction medicine.",
        topicAreas=["SUBSTANCE_USE"],
        capacity=2,
    )
    addiction_id = addiction["guide"]["id"]
    learner = await pw.learner(organization, staff)

    async def ids(**variables: Any) -> list[str]:
        directory = await _directory(learner.client, organization, **variables)
        return [g["id"] for g in directory["guides"]]

    assert await ids() == [pain_and_mood.id, full.id, resting.id, addiction_id]
    assert await ids(topic="SUBSTANCE_USE") == [addiction_id]
    assert await ids(topic="CHRONIC_PAIN") == [pain_and_mood.id, full.id, resting.id]
    assert await ids(availableOnly=True) == [pain_and_mood.id, addiction_id]
    assert await ids(topic="CHRONIC_PAIN", availableOnly=True) == [pain_and_mood.id]


async def test_pw_directory_shows_only_the_learners_own_organizations_guides(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    await pw.guide(organization, staff)
    elsewhere, other_staff = await pw.ocfp()
    outsider = await pw.learner(elsewhere, other_staff)

    directory = await _directory(outsider.client, organization)

    assert directory["guides"] == []


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
    memberships = (await learner.client.data(MY_MEMBERSHIPS))["me"]["memberships"]
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


# --- PW-GOALS ----------------------------------------------------------------------------------


async def test_pw_goals_every_smart_part_is_required(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    payload = await _goal(learner.client, specific=" ", measurable="", achievable="", relevant="")

    assert _codes(payload) == [
        ("PW-GOALS", "specific"),
        ("PW-GOALS", "measurable"),
        ("PW-GOALS", "achievable"),
        ("PW-GOALS", "relevant"),
    ]
    assert payload["goal"] is None
    assert (await learner.client.data(GOALS, {"learner": learner.person}))["pwGoals"] == []


async def test_pw_goals_target_date_must_be_in_the_future(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    today = await _goal(learner.client, days=0)
    past = await _goal(learner.client, days=-30, term="LONG")

    assert _codes(today) == [("PW-GOALS", "targetDate")]
    assert _codes(past) == [("PW-GOALS", "targetDate")]


async def test_pw_goals_short_term_goal_is_within_about_six_months(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    too_far = await _goal(learner.client, days=240, term="SHORT")
    in_reach = await _goal(learner.client, days=90, term="SHORT")

    assert _codes(too_far) == [("PW-GOALS", "targetDate")]
    assert "6 months" in too_far["errors"][0]["message"]
    assert not in_reach["errors"]
    assert (in_reach["goal"]["term"], in_reach["goal"]["status"]) == ("SHORT", "ACTIVE")


async def test_pw_goals_long_term_goal_takes_six_to_twelve_months(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    too_soon = await _goal(learner.client, days=60, term="LONG")
    too_late = await _goal(learner.client, days=400, term="LONG")
    in_range = await _goal(learner.client, days=270, term="LONG")

    assert _codes(too_soon) == [("PW-GOALS", "targetDate")]
    assert _codes(too_late) == [("PW-GOALS", "targetDate")]
    assert not in_range["errors"]
    assert in_range["goal"]["targetDate"] == (_today() + timedelta(days=270)).isoformat()


async def test_pw_goals_achieved_goal_is_closed_and_another_set(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    first = (await _goal(learner.client))["goal"]["id"]

    closed = await learner.client.mutate(CLOSE_GOAL, goalId=first, status="ACHIEVED")
    again = await learner.client.payload(CLOSE_GOAL, goalId=first, status="SET_ASIDE")
    second = await _goal(learner.client, specific="Screen for depression with the PHQ-9.")

    assert closed["goal"]["status"] == "ACHIEVED"
    assert closed["goal"]["closedAt"] is not None
    assert [code for code, _ in _codes(again)] == ["PW-GOALS"]
    assert not second["errors"]
    goals = (await learner.client.data(GOALS, {"learner": learner.person}))["pwGoals"]
    assert [(g["id"], g["status"]) for g in goals] == [
        (first, "ACHIEVED"),
        (second["goal"]["id"], "ACTIVE"),
    ]


async def test_pw_goals_need_an_approved_account(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, approved=False)

    payload = await _goal(learner.client)

    assert [code for code, _ in _codes(payload)] == ["PW-ACCOUNT"]


async def test_pw_goals_and_sessions_are_seen_by_the_learner_their_guide_and_staff(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)
    goal = (await _goal(learner.client))["goal"]["id"]
    await learner.client.mutate(
        LOG_SESSION,
        guideId=guide.id,
        learnerId=learner.person,
        heldOn=(_ago(3)).isoformat(),
        hours="1",
        goalId=goal,
    )

    for viewer in (learner.client, guide.client, staff):
        data = await viewer.data(GOALS, {"learner": learner.person})
        assert [g["id"] for g in data["pwGoals"]] == [goal]
        data = await viewer.data(SESSIONS, {"learner": learner.person})
        assert [s["guideId"] for s in data["pwSessions"]] == [guide.id]


async def test_pw_goals_and_sessions_are_forbidden_to_an_unmatched_guide(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide, stranger = [await pw.guide(organization, staff) for _ in range(2)]
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)
    await _goal(learner.client)

    goals = await stranger.client.execute(GOALS, {"learner": learner.person})
    sessions = await stranger.client.execute(SESSIONS, {"learner": learner.person})

    assert _error_code(goals) == "FORBIDDEN"
    assert _error_code(sessions) == "FORBIDDEN"


async def test_pw_goals_and_sessions_are_forbidden_to_another_learner(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner, other = [await pw.learner(organization, staff) for _ in range(2)]
    await pw.match(learner, guide, staff)
    await pw.match(other, guide, staff)
    await _goal(learner.client)

    goals = await other.client.execute(GOALS, {"learner": learner.person})
    sessions = await other.client.execute(SESSIONS, {"learner": learner.person})
    closing = await other.client.execute(
        CLOSE_GOAL,
        {"input": {"goalId": (await _goal(learner.client))["goal"]["id"], "status": "ACHIEVED"}},
    )

    assert _error_code(goals) == "FORBIDDEN"
    assert _error_code(sessions) == "FORBIDDEN"
    assert _error_code(closing) == "FORBIDDEN"


async def test_pw_goals_are_forbidden_to_a_guide_whose_match_ended(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)
    await staff.mutate(END_MATCH, guideId=guide.id, learnerId=learner.person)

    goals = await guide.client.execute(GOALS, {"learner": learner.person})

    assert _error_code(goals) == "FORBIDDEN"


# --- PW-PROGRESS -------------------------------------------------------------------------------


async def test_pw_progress_approval_schedules_a_progress_survey(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    pending = await pw.learner(organization, staff, approved=False)
    assert await _surveys(pending.client) == []

    await staff.mutate(DECIDE, accountId=pending.account, approve=True)

    (survey,) = await _surveys(pending.client)
    assert survey["dueOn"] == (_today() + timedelta(days=90)).isoformat()
    assert survey["completedAt"] is None


async def test_pw_progress_submitted_survey_completes_and_schedules_the_next(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await _make_surveys_overdue(database, learner.person)
    goal = (await _goal(learner.client))["goal"]["id"]

    submitted = await learner.client.mutate(
        SUBMIT_SURVEY, progress=3, reflection="Two tapering plans done.", goalId=goal
    )

    assert (submitted["report"]["progress"], submitted["report"]["goalId"]) == (3, goal)
    done, following = await _surveys(learner.client)
    assert done["dueOn"] == (_ago(1)).isoformat()
    assert done["completedAt"] is not None
    assert following["dueOn"] == (_today() + timedelta(days=90)).isoformat()
    assert following["completedAt"] is None
    reports = await staff.data(PROGRESS_REPORTS, {"learner": learner.person})
    assert [r["progress"] for r in reports["pwProgressReports"]] == [3]


async def test_pw_progress_survey_rates_progress_from_1_to_5(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    payload = await learner.client.payload(SUBMIT_SURVEY, progress=6, reflection="Great")

    assert _codes(payload) == [("INVALID", "progress")]
    (survey,) = await _surveys(learner.client)
    assert survey["completedAt"] is None


async def test_pw_progress_overdue_survey_withholds_the_call_certificate(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await _make_surveys_overdue(database, learner.person)
    call = await _call(staff, organization, hours=1)

    attended = await _attend(staff, call, learner, "1")

    assert not attended["errors"]
    assert Decimal(attended["creditEntry"]["amount"]) == 1
    assert attended["certificate"] is None
    decision = attended["certificateDecision"]
    assert decision["allowed"] is False
    assert [(r["code"], r["allowed"]) for r in decision["reasons"]] == [("PW-PROGRESS", False)]
    assert "overdue" in decision["reasons"][0]["message"]


async def test_pw_progress_answering_the_overdue_survey_releases_certificates(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await _make_surveys_overdue(database, learner.person)
    await learner.client.mutate(SUBMIT_SURVEY, progress=4, reflection="On track.")
    call = await _call(staff, organization, hours=1)

    attended = await _attend(staff, call, learner, "1")

    assert attended["certificate"] is not None
    assert attended["certificateDecision"]["allowed"] is True


# --- PW-CREDIT-PEER ----------------------------------------------------------------------------


async def test_pw_credit_peer_needs_a_matched_guide(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)

    payload = await _log(learner.client, guide, learner, "1")

    assert _codes(payload) == [("PW-CREDIT-PEER", "guideId")]
    assert payload["session"] is None
    assert payload["creditEntry"] is None
    assert (await learner.client.data(SESSIONS, {"learner": learner.person}))["pwSessions"] == []


async def test_pw_credit_peer_3_credits_an_hour_logged_by_learner_or_guide(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)

    by_learner = await _log(learner.client, guide, learner, "1.5")
    by_guide = await _log(guide.client, guide, learner, "2", _ago(8))

    for payload, amount in ((by_learner, Decimal("4.5")), (by_guide, Decimal(6))):
        assert not payload["errors"]
        entry = payload["creditEntry"]
        assert Decimal(entry["amount"]) == amount
        assert Decimal(entry["rate"]) == 3
        assert (entry["formula"], entry["scope"]) == ("PW-CREDIT-PEER", PEER_CONNECT)
        assert entry["capsApplied"] == []
    assert await _total(learner.client, learner.person) == Decimal("10.5")
    sessions = (await guide.client.data(SESSIONS, {"learner": learner.person}))["pwSessions"]
    assert [Decimal(s["hours"]) for s in sessions] == [Decimal("1.5"), Decimal(2)]


async def test_pw_credit_peer_is_logged_by_no_one_but_the_learner_and_guide(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner, other = [await pw.learner(organization, staff) for _ in range(2)]
    await pw.match(learner, guide, staff)

    for client in (other.client, staff):
        body = await client.execute(
            LOG_SESSION,
            {
                "input": {
                    "guideId": guide.id,
                    "learnerId": learner.person,
                    "heldOn": (_ago(1)).isoformat(),
                    "hours": "1",
                }
            },
        )
        assert _error_code(body) == "FORBIDDEN"
    assert await _total(learner.client, learner.person) == 0


async def test_pw_credit_peer_cap_of_36_at_its_edge(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)
    await _log(learner.client, guide, learner, "8", _ago(3))
    await _log(learner.client, guide, learner, "3.5", _ago(2))
    assert await _total(learner.client, learner.person) == Decimal("34.5")

    edge = await _log(learner.client, guide, learner, "1")
    beyond = await _log(learner.client, guide, learner, "1", _today())

    entry = edge["creditEntry"]
    assert Decimal(entry["amount"]) == Decimal("1.5")
    (cap,) = entry["capsApplied"]
    assert (cap["code"], cap["scope"]) == ("PW-CREDIT-PEER", PEER_CONNECT)
    assert Decimal(cap["limit"]) == 36
    assert Decimal(cap["alreadyAwarded"]) == Decimal("34.5")
    assert (Decimal(cap["before"]), Decimal(cap["after"])) == (Decimal(3), Decimal("1.5"))
    assert "PW-CREDIT-PEER" in entry["explanation"]
    assert "36.00" in entry["explanation"]
    assert Decimal(beyond["creditEntry"]["amount"]) == 0
    assert "PW-CREDIT-PEER" in beyond["creditEntry"]["explanation"]
    assert await _total(learner.client, learner.person) == 36


async def test_pw_credit_peer_cap_holds_under_50_concurrent_logs(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)
    days = [_ago(n) for n in range(1, 51)]

    payloads = await asyncio.gather(*(_log(learner.client, guide, learner, "1", d) for d in days))

    assert [p["errors"] for p in payloads] == [[]] * 50
    amounts = [Decimal(p["creditEntry"]["amount"]) for p in payloads]
    assert sum(amounts) == 36
    assert amounts.count(Decimal(3)) == 12
    assert await _total(learner.client, learner.person) == 36
    sessions = (await learner.client.data(SESSIONS, {"learner": learner.person}))["pwSessions"]
    assert len(sessions) == 50


async def test_pw_credit_peer_sessions_have_happened_and_last_at_most_8_hours(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)

    future = await _log(learner.client, guide, learner, "1", _today() + timedelta(days=2))
    too_long = await _log(learner.client, guide, learner, "8.5")
    nothing = await _log(learner.client, guide, learner, "0")

    assert _codes(future) == [("INVALID", "heldOn")]
    assert _codes(too_long) == [("INVALID", "hours")]
    assert _codes(nothing) == [("INVALID", "hours")]


# --- PW-CREDIT-COP -----------------------------------------------------------------------------


async def test_pw_credit_cop_call_attendance_earns_1_credit_an_hour(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    call = await _call(staff, organization, hours=1.5)

    attended = await _attend(staff, call, learner, "1.5")

    entry = attended["creditEntry"]
    assert Decimal(entry["amount"]) == Decimal("1.5")
    assert Decimal(entry["rate"]) == 1
    assert (entry["formula"], entry["scope"]) == ("PW-CREDIT-COP", COP_CALL)
    assert attended["creditDecision"]["allowed"] is True
    assert await _total(learner.client, learner.person) == Decimal("1.5")


async def test_pw_credit_cop_calls_are_scheduled_and_recorded_by_staff_only(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    call = await _call(staff, organization)
    starts = datetime.combine(_ago(1), time(17, 0), tzinfo=UTC)

    scheduling = await learner.client.execute(
        SCHEDULE_CALL,
        {
            "input": {
                "organizationId": organization,
                "title": "My own call",
                "startsAt": starts.isoformat(),
                "endsAt": (starts + timedelta(hours=1)).isoformat(),
            }
        },
    )
    recording = await learner.client.execute(
        ATTEND, {"input": {"callId": call, "learnerId": learner.person, "hours": "1"}}
    )

    assert _error_code(scheduling) == "FORBIDDEN"
    assert _error_code(recording) == "FORBIDDEN"
    assert await _total(learner.client, learner.person) == 0


async def test_pw_credit_cop_cap_of_12_at_its_edge(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    long_call = await _call(staff, organization, hours=11.5, day=_ago(90))
    edge_call = await _call(staff, organization, hours=1, day=_ago(60))
    last_call = await _call(staff, organization, hours=1, day=_ago(30))
    await _attend(staff, long_call, learner, "11.5")

    edge = (await _attend(staff, edge_call, learner, "1"))["creditEntry"]
    beyond = (await _attend(staff, last_call, learner, "1"))["creditEntry"]

    assert Decimal(edge["amount"]) == Decimal("0.5")
    (cap,) = edge["capsApplied"]
    assert cap["code"] == "PW-CREDIT-COP"
    assert Decimal(cap["limit"]) == 12
    assert Decimal(cap["alreadyAwarded"]) == Decimal("11.5")
    assert (Decimal(cap["before"]), Decimal(cap["after"])) == (Decimal(1), Decimal("0.5"))
    assert "PW-CREDIT-COP" in edge["explanation"]
    assert "12.00" in edge["explanation"]
    assert Decimal(beyond["amount"]) == 0
    assert await _total(learner.client, learner.person) == 12


async def test_pw_credit_cop_cap_holds_under_50_concurrent_attendances(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    calls = [await _call(staff, organization, day=_ago(n)) for n in range(1, 51)]

    payloads = await asyncio.gather(*(_attend(staff, c, learner, "1") for c in calls))

    assert [p["errors"] for p in payloads] == [[]] * 50
    amounts = [Decimal(p["creditEntry"]["amount"]) for p in payloads]
    assert sum(amounts) == 12
    assert amounts.count(Decimal(1)) == 12
    assert await _total(learner.client, learner.person) == 12


async def test_pw_credit_peer_and_cop_caps_are_separate(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    await pw.match(learner, guide, staff)
    for days_ago, hours in ((3, "8"), (2, "4")):
        await _log(learner.client, guide, learner, hours, _ago(days_ago))
    call = await _call(staff, organization, hours=2)

    attended = await _attend(staff, call, learner, "2")

    assert Decimal(attended["creditEntry"]["amount"]) == 2
    assert attended["creditEntry"]["capsApplied"] == []
    assert await _total(learner.client, learner.person) == 38


# --- PW-REPORTING ------------------------------------------------------------------------------


async def test_pw_reporting_certificate_follows_each_call(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="CERTIFICATE")
    march = await _call(staff, organization, hours=1.5, day=_ago(30))
    april = await _call(staff, organization, hours=1, day=_ago(2))

    first = await _attend(staff, march, learner, "1.5")
    second = await _attend(staff, april, learner, "1")

    for attended, day, credits in ((first, _ago(30), "1.5"), (second, _ago(2), "1")):
        certificate = attended["certificate"]
        assert certificate is not None, attended
        assert Decimal(certificate["credits"]) == Decimal(credits)
        assert (certificate["periodStart"], certificate["periodEnd"]) == (day.isoformat(),) * 2
        assert certificate["program"] == SLUG
        assert certificate["certificationCode"] == "PW-COMMUNITY-OF-PRACTICE"
        assert attended["certificateDecision"]["allowed"] is True
    assert first["certificate"]["number"] != second["certificate"]["number"]
    assert await staff.data(PENDING, {"org": organization}) == {"pwPendingCreditReport": []}


async def test_pw_reporting_ocfp_enters_lists_pending_credits_until_marked(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    await pw.match(learner, guide, staff)
    call = await _call(staff, organization, hours=1, day=_ago(30))
    attended = await _attend(staff, call, learner, "1")
    logged = await _log(learner.client, guide, learner, "2")
    cop_entry = attended["creditEntry"]["id"]
    peer_entry = logged["creditEntry"]["id"]

    pending = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    marked = await staff.mutate(
        MARK_REPORTED, organizationId=organization, creditEntryIds=[cop_entry]
    )
    still = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]

    assert attended["certificate"] is None
    assert attended["certificateDecision"] is None
    assert [(p["creditEntryId"], p["activityKind"], Decimal(p["credits"])) for p in pending] == [
        (cop_entry, COP_CALL, Decimal(1)),
        (peer_entry, PEER_CONNECT, Decimal(6)),
    ]
    assert all(p["licenceNumber"] and p["creditType"] == "certified" for p in pending)
    assert marked["reported"] == 1
    assert [p["creditEntryId"] for p in still] == [peer_entry]


async def test_pw_reporting_refuses_to_mark_entries_not_pending(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    enters = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    certified = await pw.learner(organization, staff, reporting="CERTIFICATE")
    call = await _call(staff, organization)
    entered = (await _attend(staff, call, enters, "1"))["creditEntry"]["id"]
    on_certificate = (await _attend(staff, call, certified, "1"))["creditEntry"]["id"]
    await staff.mutate(MARK_REPORTED, organizationId=organization, creditEntryIds=[entered])

    twice = await staff.payload(
        MARK_REPORTED, organizationId=organization, creditEntryIds=[entered]
    )
    not_theirs = await staff.payload(
        MARK_REPORTED, organizationId=organization, creditEntryIds=[on_certificate]
    )

    assert _codes(twice) == [("PW-REPORTING", "entryIds")]
    assert _codes(not_theirs) == [("PW-REPORTING", "entryIds")]
    assert twice["reported"] == 0


async def test_pw_reporting_pending_credits_are_for_program_staff_only(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")

    body = await learner.client.execute(PENDING, {"org": organization})

    assert _error_code(body) == "FORBIDDEN"


async def test_pw_reporting_preference_switch_changes_how_the_next_credits_go(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="CERTIFICATE")
    call = await _call(staff, organization)

    switched = await learner.client.mutate(SET_REPORTING, reporting="OCFP_ENTERS")
    attended = await _attend(staff, call, learner, "1")

    assert switched["learner"]["reporting"] == "OCFP_ENTERS"
    assert attended["certificate"] is None
    pending = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    assert [p["creditEntryId"] for p in pending] == [attended["creditEntry"]["id"]]


async def test_pw_reporting_switch_does_not_list_certified_credits_for_ocfp_to_enter(
    pw: PwFactory,
) -> None:
    """Credits already on a certificate reach Mainpro+ through it: listing them for OCFP to
    enter as well would report them twice."""
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="CERTIFICATE")
    certified_call = await _call(staff, organization, day=_ago(30))
    later_call = await _call(staff, organization, day=_ago(2))
    certified = await _attend(staff, certified_call, learner, "1")
    assert certified["certificate"] is not None

    await learner.client.mutate(SET_REPORTING, reporting="OCFP_ENTERS")
    later = await _attend(staff, later_call, learner, "1")

    pending = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    assert [p["creditEntryId"] for p in pending] == [later["creditEntry"]["id"]]


async def test_pw_reporting_switch_to_certificate_leaves_reported_credits_off_certificates(
    pw: PwFactory,
) -> None:
    """Credits OCFP already entered into Mainpro+ must not be certified again."""
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    await pw.match(learner, guide, staff)
    start, _ = _previous_quarter()
    entered = await _log(learner.client, guide, learner, "1", start + timedelta(days=5))
    await _log(learner.client, guide, learner, "2", start + timedelta(days=40))
    await staff.mutate(
        MARK_REPORTED,
        organizationId=organization,
        creditEntryIds=[entered["creditEntry"]["id"]],
    )

    await learner.client.mutate(SET_REPORTING, reporting="CERTIFICATE")
    outcome = await staff.mutate(QUARTERLY, organizationId=organization, quarter=start.isoformat())

    (certificate,) = outcome["issued"]
    assert Decimal(certificate["credits"]) == 6


async def test_pw_reporting_quarterly_certificates_for_a_past_quarter(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    chose_certificate = await pw.learner(organization, staff, reporting="CERTIFICATE")
    chose_ocfp = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    start, end = _previous_quarter()
    for learner in (chose_certificate, chose_ocfp):
        await pw.match(learner, guide, staff)
        for offset, hours in ((5, "1"), (40, "1.5")):
            await _log(learner.client, guide, learner, hours, start + timedelta(days=offset))
    await _log(chose_certificate.client, guide, chose_certificate, "2", _today())  # this quarter

    issued = await staff.mutate(
        QUARTERLY, organizationId=organization, quarter=(start + timedelta(days=20)).isoformat()
    )
    again = await staff.mutate(QUARTERLY, organizationId=organization, quarter=end.isoformat())
    current = await staff.payload(
        QUARTERLY, organizationId=organization, quarter=_today().isoformat()
    )

    (certificate,) = issued["issued"]
    assert issued["withheld"] == []
    assert Decimal(certificate["credits"]) == Decimal("7.5")
    assert (certificate["periodStart"], certificate["periodEnd"]) == (
        start.isoformat(),
        end.isoformat(),
    )
    assert "Peer Connect" in certificate["title"]
    assert f"Q{(start.month - 1) // 3 + 1}" in certificate["title"]
    assert (again["issued"], again["withheld"]) == ([], [])
    assert _codes(current) == [("PW-REPORTING", "quarter")]


async def test_pw_reporting_quarterly_certificate_withheld_while_survey_overdue(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, reporting="CERTIFICATE")
    await pw.match(learner, guide, staff)
    start, _ = _previous_quarter()
    await _log(learner.client, guide, learner, "1", start + timedelta(days=10))
    await _make_surveys_overdue(database, learner.person)

    outcome = await staff.mutate(QUARTERLY, organizationId=organization, quarter=start.isoformat())

    assert outcome["issued"] == []
    (withheld,) = outcome["withheld"]
    assert withheld["learnerId"] == learner.person
    assert withheld["decision"]["allowed"] is False
    assert [r["code"] for r in withheld["decision"]["reasons"]] == ["PW-PROGRESS"]


async def test_pw_reporting_quarterly_certificates_are_issued_by_program_staff_only(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    start, _ = _previous_quarter()

    body = await learner.client.execute(
        QUARTERLY, {"input": {"organizationId": organization, "quarter": start.isoformat()}}
    )

    assert _error_code(body) == "FORBIDDEN"
