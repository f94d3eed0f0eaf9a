"""Practising Well's test support: GraphQL documents and helpers the PW-* rule tests share.

A support module, not a test module: the rule tests (tests/test_pw_*.py) and the workflow,
corrections and boundary tests import the same documents and helpers from here, so none of them
depends on another test module.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import update

from core.db import Database
from core.due_items.models import DueItem
from core.graphql.relay import from_global_id
from tests.graphql_client import GraphQLClient
from tests.pw_factories import Guide, Learner

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
    notifications { nodes { kind message } }
    dueItems(includeCompleted: true) { nodes { kind dueOn completedAt } }
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
query { me { memberships { nodes { status role group { kind } } } } }"""

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
    participation { id }
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
    return [(n["kind"], n["message"]) for n in me["notifications"]["nodes"]]


async def _surveys(client: GraphQLClient) -> list[dict[str, Any]]:
    me = (await client.data(ME))["me"]
    return [d for d in me["dueItems"]["nodes"] if d["kind"] == SURVEY]


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
