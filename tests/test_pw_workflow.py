"""Practising Well end to end, as its learner, guide and OCFP staff would drive it through the
GraphQL API: apply, approval, the guide directory, a request and a match, SMART goals, a
progress survey, Peer Connect sessions and their credits, a Community of Practice call with a
certificate, a switch of reporting preference, the transcript, the Information Exchange and
feedback."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from tests.factories import Factory
from tests.pw_factories import PwFactory
from tests.pw_support import (
    ATTEND,
    CLOSE_GOAL,
    CONFIRM,
    DECIDE,
    GOALS,
    LOG_SESSION,
    MARK_REPORTED,
    ME,
    PENDING,
    REQUEST_GUIDE,
    SCHEDULE_CALL,
    SESSIONS,
    SET_GOAL,
    SET_REPORTING,
    SLUG,
    SMART,
    SUBMIT_SURVEY,
    SURVEY,
    TRANSCRIPT,
)

APPLY = """
mutation($input: PwApplyInput!) {
  pwApply(input: $input) { learner { id status topics reporting } errors { code field message } }
}"""

LEARNERS = """
query($org: ID!) {
  pwLearners(organizationId: $org, status: PENDING) { id person { id } status }
}"""

DIRECTORY = """
query($org: ID!) {
  pwGuideDirectory(organizationId: $org, topic: CHRONIC_PAIN, availableOnly: true) {
    decision { allowed reasons { code } }
    guides { id capacity load available }
  }
}"""

REQUESTS = """
query($org: ID!) { pwRequests(organizationId: $org, status: REQUESTED) { id learnerName } }"""

ASK = """
mutation($input: PwAskQuestionInput!) {
  pwAskQuestion(input: $input) { question { id status } errors { code field message } }
}"""

ANSWER = """
mutation($input: PwAnswerQuestionInput!) {
  pwAnswerQuestion(input: $input) { question { id status } errors { code field message } }
}"""

MY_QUESTIONS = """
query { pwQuestions(first: 10) { nodes { id status answer } } }"""

FEEDBACK = """
mutation($input: PwSubmitFeedbackInput!) {
  pwSubmitFeedback(input: $input) { feedback { component rating } errors { code field message } }
}"""

FEEDBACK_SUMMARY = """
query($org: ID!) {
  pwFeedbackSummary(organizationId: $org) { components { component count averageRating } }
}"""


async def test_pw_workflow_from_application_to_credits(pw: PwFactory, make: Factory) -> None:
    today = datetime.now(UTC).date()
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff, capacity=2)

    # The family physician applies; the directory stays closed until staff approve.
    person = await make.person(organization=organization)
    learner = pw.client_for(person)
    applied = await learner.mutate(
        APPLY, organizationId=organization, topicAreas=["CHRONIC_PAIN"], reporting="CERTIFICATE"
    )
    assert applied["learner"]["status"] == "PENDING"
    closed = (await learner.data(DIRECTORY, {"org": organization}))["pwGuideDirectory"]
    assert closed["decision"]["allowed"] is False
    assert closed["guides"] == []

    # Staff find the application and approve it; the learner is notified and owes a survey.
    (pending,) = (await staff.data(LEARNERS, {"org": organization}))["pwLearners"]
    assert pending["person"]["id"] == person
    await staff.mutate(DECIDE, accountId=pending["id"], approve=True)
    me = (await learner.data(ME))["me"]
    assert [n["kind"] for n in me["notifications"]["nodes"]] == [f"{SLUG}.account"]
    assert [d["kind"] for d in me["dueItems"]["nodes"]] == [SURVEY]

    # The learner browses the directory and requests the guide; staff confirm the match.
    directory = (await learner.data(DIRECTORY, {"org": organization}))["pwGuideDirectory"]
    assert directory["decision"]["allowed"] is True
    assert directory["guides"] == [{"id": guide.id, "capacity": 2, "load": 0, "available": True}]
    requested = await learner.mutate(REQUEST_GUIDE, guideId=guide.id, message="Opioid tapering")
    (waiting,) = (await staff.data(REQUESTS, {"org": organization}))["pwRequests"]
    assert waiting["id"] == requested["request"]["id"]
    matched = await staff.mutate(CONFIRM, requestId=waiting["id"])
    assert matched["request"]["status"] == "MATCHED"
    me = (await learner.data(ME))["me"]
    assert me["notifications"]["nodes"][0]["kind"] == f"{SLUG}.match"

    # A SMART goal worked on with the guide, who sees it.
    goal = await learner.mutate(
        SET_GOAL,
        **SMART,
        targetDate=(today + timedelta(days=120)).isoformat(),
        term="SHORT",
        guideId=guide.id,
    )
    goal_id = goal["goal"]["id"]
    seen = (await guide.client.data(GOALS, {"learner": person}))["pwGoals"]
    assert [g["id"] for g in seen] == [goal_id]

    # Peer Connect time, logged by the learner and by the guide: 3 credits an hour.
    by_learner = await learner.mutate(
        LOG_SESSION,
        guideId=guide.id,
        learnerId=person,
        heldOn=(today - timedelta(days=6)).isoformat(),
        hours="1",
        goalId=goal_id,
    )
    by_guide = await guide.client.mutate(
        LOG_SESSION,
        guideId=guide.id,
        learnerId=person,
        heldOn=(today - timedelta(days=3)).isoformat(),
        hours="1.5",
        goalId=goal_id,
    )
    assert Decimal(by_learner["creditEntry"]["amount"]) == 3
    assert Decimal(by_guide["creditEntry"]["amount"]) == Decimal("4.5")
    sessions = (await staff.data(SESSIONS, {"learner": person}))["pwSessions"]
    assert len(sessions) == 2

    # The progress survey: answered, and the next one scheduled.
    await learner.mutate(SUBMIT_SURVEY, progress=4, reflection="Tapering plans started.")
    dues = (await learner.data(ME))["me"]["dueItems"]["nodes"]
    surveys = [d for d in dues if d["kind"] == SURVEY]
    assert [d["completedAt"] is None for d in surveys] == [False, True]

    # A Community of Practice call: 1 credit an hour and, as chosen, a certificate at once.
    starts = datetime.combine(today - timedelta(days=2), time(17, 0), tzinfo=UTC)
    call = await staff.mutate(
        SCHEDULE_CALL,
        organizationId=organization,
        title="Community of Practice: chronic pain",
        startsAt=starts.isoformat(),
        endsAt=(starts + timedelta(hours=1.5)).isoformat(),
    )
    attended = await staff.mutate(ATTEND, callId=call["call"]["id"], learnerId=person, hours="1.5")
    assert Decimal(attended["creditEntry"]["amount"]) == Decimal("1.5")
    assert Decimal(attended["certificate"]["credits"]) == Decimal("1.5")
    assert attended["certificateDecision"]["allowed"] is True

    # The learner switches to having OCFP enter credits: the next session awaits OCFP.
    switched = await learner.mutate(SET_REPORTING, reporting="OCFP_ENTERS")
    assert switched["learner"]["reporting"] == "OCFP_ENTERS"
    later = await learner.mutate(
        LOG_SESSION, guideId=guide.id, learnerId=person, heldOn=today.isoformat(), hours="1"
    )
    entry = later["creditEntry"]["id"]
    to_enter = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    assert entry in [p["creditEntryId"] for p in to_enter]
    await staff.mutate(MARK_REPORTED, organizationId=organization, creditEntryIds=[entry])
    to_enter = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    assert entry not in [p["creditEntryId"] for p in to_enter]

    # The goal is achieved.
    closed_goal = await learner.mutate(CLOSE_GOAL, goalId=goal_id, status="ACHIEVED")
    assert closed_goal["goal"]["status"] == "ACHIEVED"

    # The transcript holds the Practising Well credits: 3 + 4.5 + 1.5 + 3.
    transcript = (
        await learner.data(
            TRANSCRIPT, {"id": person, "cycleStart": (today - timedelta(days=400)).isoformat()}
        )
    )["transcript"]
    assert Decimal(transcript["total"]) == 12
    assert [(p["program"], Decimal(p["certified"])) for p in transcript["byProgram"]] == [
        (SLUG, Decimal(12))
    ]

    # The Information Exchange: a resource-navigation question, answered by the guide.
    asked = await learner.mutate(
        ASK,
        topic="CHRONIC_PAIN",
        question="Is there a practical toolkit for tapering opioids in chronic pain?",
        acknowledgeNotClinical=True,
    )
    question = asked["question"]["id"]
    answered = await guide.client.mutate(
        ANSWER, questionId=question, answer="Yes: the opioid tapering toolkit in the Exchange."
    )
    assert answered["question"]["status"] == "ANSWERED"
    (mine,) = (await learner.data(MY_QUESTIONS))["pwQuestions"]["nodes"]
    assert (mine["id"], mine["status"]) == (question, "ANSWERED")

    # Feedback to OCFP, which staff read in aggregate.
    await learner.mutate(FEEDBACK, component="PEER_CONNECT", rating=5, comments="Very helpful.")
    summary = (await staff.data(FEEDBACK_SUMMARY, {"org": organization}))["pwFeedbackSummary"]
    (peer_connect,) = [c for c in summary["components"] if c["component"] == "PEER_CONNECT"]
    assert (peer_connect["count"], peer_connect["averageRating"]) == (1, "5.00")
