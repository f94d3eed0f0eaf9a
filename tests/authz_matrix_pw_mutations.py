"""The authorization matrix's rows for Practising Well's mutations, run in A by C.

Practising Well's rules: a learner sees only their own goals, sessions and requests; a guide only
the learners matched with them; program staff run the program in their own organization; the
guide directory opens to approved learners, guides and staff (others get a PW-DIRECTORY decision
and no guides); unapproved learners are refused by PW-ACCOUNT; anonymous callers by
UNAUTHENTICATED.

Each case acts on fresh learners, guides, requests and calls made for it (or adds a goal,
request, progress report or question of P's, which other cases read only as objects the cases
made), so the cases do not depend on one another or on their order.
"""

from __future__ import annotations

from typing import Any

from tests.authz_documents import RECORD_CALL_ATTENDANCE
from tests.authz_outcomes import (
    ALLOW,
    APPROVED_LEARNER,
    DENY,
    GUIDE_OR_STAFF_OF_A,
    P_ONLY,
    P_OR_STAFF_OF_A,
    PLATFORM_ADMIN_ONLY,
    PW_ACCOUNT,
    SEES_P,
    STAFF_OF_A,
    Entry,
    inputs,
    mutation,
)
from tests.authz_world import (
    ADMIN,
    ANONYMOUS,
    CALL_END,
    CALL_START,
    CALLERS,
    GUIDE,
    OTHER_PHYSICIAN,
    PHYSICIAN,
    World,
    question,
    resource,
    smart_goal,
    today,
)
from tests.factories import unique
from tests.pw_factories import CONFIRM_MATCH, END_MATCH, REQUEST_GUIDE


async def offer_of_a_fresh_guide(w: World, caller: str) -> dict[str, Any]:
    """A fresh guide's freed place, offered to a fresh learner: neither P's nor G's."""
    _, request = await w.pw.offer(w.ids["A"], w.gql)
    return {"requestId": request, "accept": False}


async def fresh_learner_account(w: World, caller: str) -> dict[str, Any]:
    return {"accountId": (await w.pw_learner()).account}


async def application_to_a(w: World, caller: str) -> dict[str, Any]:
    return {
        "organizationId": w.ids["A"],
        "topicAreas": ["CHRONIC_PAIN"],
        "reporting": "CERTIFICATE",
    }


async def fresh_application(w: World, caller: str) -> dict[str, Any]:
    return {"accountId": (await w.pw_learner(approved=False)).account, "approve": True}


async def unchanged_reporting(w: World, caller: str) -> dict[str, Any]:
    return {"reporting": "CERTIFICATE"}  # everyone who has an account chose certificates


async def fresh_guide_profile(w: World, caller: str) -> dict[str, Any]:
    return {
        "personId": await w.person_in("A"),
        "organizationId": w.ids["A"],
        "bio": "Addiction medicine, twenty years.",
        "topicAreas": ["SUBSTANCE_USE"],
        "capacity": 2,
    }


async def g_keeps_accepting(w: World, caller: str) -> dict[str, Any]:
    # G's own profile, so G's right to change it is asked; accepting already, nothing changes.
    return {"guideId": w.ids["guideG"], "accepting": True}


async def fresh_guide_for_p(w: World, caller: str) -> dict[str, Any]:
    return {"guideId": (await w.pw_guide()).id}


async def fresh_request(w: World, caller: str) -> dict[str, Any]:
    learner, guide = await w.pw_learner(), await w.pw_guide()
    requested = await learner.client.mutate(REQUEST_GUIDE, guideId=guide.id)
    return {"requestId": requested["request"]["id"]}


async def fresh_request_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"requestId": await w.pw_request_of_p()}


async def p_finds_a_fresh_guide_full(w: World, caller: str) -> dict[str, Any]:
    """P's request for a fresh guide whose one place is taken: staff found it unavailable."""
    guide = await w.pw.guide(w.ids["A"], w.gql, capacity=1)
    await w.pw.match(await w.pw_learner(), guide, w.gql)
    requested = await w.client(PHYSICIAN).mutate(REQUEST_GUIDE, guideId=guide.id)
    request = requested["request"]["id"]
    confirmed = await w.gql.mutate(CONFIRM_MATCH, requestId=request)
    assert confirmed["request"]["status"] == "UNAVAILABLE", confirmed
    return {"requestId": request}


async def p_matched_with_fresh_guide(w: World, caller: str) -> dict[str, Any]:
    guide = await w.pw_guide()
    await w.pw.match(w.learner_p(), guide, w.gql)
    return {"guideId": guide.id, "learnerId": w.ids["P"]}


async def learner_group_for_fresh_guide(w: World, caller: str) -> dict[str, Any]:
    name = unique(f"{w.tag} learner group")
    w.secrets.append(name)
    return {"guideId": (await w.pw_guide()).id, "name": name, "capacity": 2}


async def fresh_learner_for_fresh_group(w: World, caller: str) -> dict[str, Any]:
    return {"groupId": await w.pw_learner_group(), "learnerId": (await w.pw_learner()).person}


async def goal_for_oneself(w: World, caller: str) -> dict[str, Any]:
    return smart_goal()


async def fresh_goal_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"goalId": await w.pw_goal(w.client(PHYSICIAN)), "status": "ACHIEVED"}


async def survey_answer(w: World, caller: str) -> dict[str, Any]:
    return {"progress": 3, "reflection": "Half-way there."}


async def fresh_learner_of_g(w: World, caller: str) -> dict[str, Any]:
    learner = await w.pw_learner()
    await w.pw.match(learner, w.guide_g(), w.gql)
    return {
        "guideId": w.ids["guideG"],
        "learnerId": learner.person,
        "heldOn": today().isoformat(),
        "hours": "1",
    }


async def fresh_call(w: World, caller: str) -> dict[str, Any]:
    title = unique(f"{w.tag} call")
    w.secrets.append(title)
    return {
        "organizationId": w.ids["A"],
        "title": title,
        "startsAt": CALL_START,
        "endsAt": CALL_END,
    }


async def fresh_call_attendance(w: World, caller: str) -> dict[str, Any]:
    call = await w.pw_call(w.gql)
    return {"callId": call, "learnerId": await w.person_in("A"), "hours": "2"}


async def fresh_session_with_g(w: World, caller: str) -> dict[str, Any]:
    """A fresh learner's session with G: G's to correct while still matched (PW-CREDIT-PEER),
    not P's. The match ends once the case is over (the guide's at the next guide case), so
    G's caseload has room for every case; staff correct after a match ends too."""
    if (held := w.ids.pop("matchedForG", None)) is not None:
        await w.gql.mutate(END_MATCH, guideId=w.ids["guideG"], learnerId=held)
    learner = await w.pw_learner()
    await w.pw.match(learner, w.guide_g(), w.gql)
    logged = await w.pw_session(learner, w.guide_g())
    if caller == GUIDE:
        w.ids["matchedForG"] = learner.person
    else:
        await w.gql.mutate(END_MATCH, guideId=w.ids["guideG"], learnerId=learner.person)
    return {"sessionId": logged["session"]["id"], "reason": "Logged in error."}


async def fresh_session_correction(w: World, caller: str) -> dict[str, Any]:
    return {**await fresh_session_with_g(w, caller), "hours": "0.5"}


async def fresh_call_participation(w: World, caller: str) -> dict[str, Any]:
    attended = await w.gql.mutate(RECORD_CALL_ATTENDANCE, **await fresh_call_attendance(w, caller))
    return {"participationId": attended["participation"]["id"], "reason": "Not on the call."}


async def fresh_call_correction(w: World, caller: str) -> dict[str, Any]:
    return {**await fresh_call_participation(w, caller), "hours": "1"}


async def quarter_nobody_earned_in(w: World, caller: str) -> dict[str, Any]:
    return {"organizationId": w.ids["A"], "quarter": "2019-02-15"}


async def fresh_pending_credit(w: World, caller: str) -> dict[str, Any]:
    learner, guide = await w.pw_learner(reporting="OCFP_ENTERS"), await w.pw_guide()
    await w.pw.match(learner, guide, w.gql)
    logged = await w.pw_session(learner, guide)
    return {"organizationId": w.ids["A"], "creditEntryIds": [logged["creditEntry"]["id"]]}


async def resource_for_a(w: World, caller: str) -> dict[str, Any]:
    return resource(w, "A")


async def question_for_oneself(w: World, caller: str) -> dict[str, Any]:
    return question()


async def fresh_question_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"questionId": await w.pw_question_of_p(), "answer": "See the tapering toolkit."}


async def feedback(w: World, caller: str) -> dict[str, Any]:
    return {"component": "OVERALL", "rating": 5, "comments": "Worth the time."}


PW_MUTATION_MATRIX: dict[str, Entry] = {
    # Everyone signed in may apply, for themselves; in this world all have applied already or
    # are not physicians (test_a_physician_applies_for_themselves shows an application made).
    "pwApply": Entry(
        mutation("pwApply", "PwApplyInput", "learner { id }"),
        inputs(application_to_a),
        {**{caller: PW_ACCOUNT for caller in CALLERS}, ANONYMOUS: DENY},
    ),
    "pwDecideApplication": Entry(
        mutation("pwDecideApplication", "PwDecideApplicationInput", "learner { status }"),
        inputs(fresh_application),
        STAFF_OF_A,
    ),
    # The preference is part of an application: whoever applied keeps it, approved or not.
    "pwSetReportingPreference": Entry(
        mutation("pwSetReportingPreference", "PwSetReportingPreferenceInput", "learner { id }"),
        inputs(unchanged_reporting),
        {**APPROVED_LEARNER, OTHER_PHYSICIAN: ALLOW, GUIDE: ALLOW},
    ),
    "pwCreateGuide": Entry(
        mutation("pwCreateGuide", "PwCreateGuideInput", "guide { id }"),
        inputs(fresh_guide_profile),
        STAFF_OF_A,
    ),
    "pwUpdateGuide": Entry(
        mutation("pwUpdateGuide", "PwUpdateGuideInput", "guide { accepting }"),
        inputs(g_keeps_accepting),
        GUIDE_OR_STAFF_OF_A,
    ),
    "pwRequestGuide": Entry(
        mutation("pwRequestGuide", "PwRequestGuideInput", "request { status }"),
        inputs(fresh_guide_for_p),
        APPROVED_LEARNER,
    ),
    "pwConfirmMatch": Entry(
        mutation("pwConfirmMatch", "PwConfirmMatchInput", "request { status }"),
        inputs(fresh_request),
        STAFF_OF_A,
    ),
    "pwJoinWaitlist": Entry(
        mutation("pwJoinWaitlist", "PwRequestIdInput", "request { status }"),
        inputs(p_finds_a_fresh_guide_full),
        P_ONLY,
    ),
    "pwCancelRequest": Entry(
        mutation("pwCancelRequest", "PwRequestIdInput", "request { status }"),
        inputs(fresh_request_of_p),
        P_ONLY,
    ),
    # The learner, the guide (not G: another guide's match) or staff end a match.
    "pwEndMatch": Entry(
        mutation("pwEndMatch", "PwEndMatchInput", "matchedFromWaitlist"),
        inputs(p_matched_with_fresh_guide),
        P_OR_STAFF_OF_A,
    ),
    "pwDecideOffer": Entry(
        mutation("pwDecideOffer", "PwDecideOfferInput", "request { status }"),
        inputs(offer_of_a_fresh_guide),
        STAFF_OF_A,
    ),
    "pwWithdrawAccount": Entry(
        mutation("pwWithdrawAccount", "PwWithdrawAccountInput", "learner { status }"),
        inputs(fresh_learner_account),
        STAFF_OF_A,
    ),
    "pwCreateLearnerGroup": Entry(
        mutation("pwCreateLearnerGroup", "PwCreateLearnerGroupInput", "group { capacity }"),
        inputs(learner_group_for_fresh_guide),
        STAFF_OF_A,
    ),
    "pwAddToLearnerGroup": Entry(
        mutation("pwAddToLearnerGroup", "PwAddToLearnerGroupInput", "group { capacity }"),
        inputs(fresh_learner_for_fresh_group),
        STAFF_OF_A,
    ),
    "pwSetGoal": Entry(
        mutation("pwSetGoal", "PwSetGoalInput", "goal { id }"),
        inputs(goal_for_oneself),
        APPROVED_LEARNER,
    ),
    "pwCloseGoal": Entry(
        mutation("pwCloseGoal", "PwCloseGoalInput", "goal { status }"),
        inputs(fresh_goal_of_p),
        SEES_P,
    ),
    "pwSubmitProgressSurvey": Entry(
        mutation("pwSubmitProgressSurvey", "PwSubmitProgressSurveyInput", "report { id }"),
        inputs(survey_answer),
        APPROVED_LEARNER,
    ),
    # Peer Connect time is logged by the learner or their guide: a fresh learner of G's.
    "pwLogSession": Entry(
        mutation("pwLogSession", "PwLogSessionInput", "session { hours }"),
        inputs(fresh_learner_of_g),
        {**PLATFORM_ADMIN_ONLY, GUIDE: ALLOW, ADMIN: DENY},
    ),
    "pwScheduleCall": Entry(
        mutation("pwScheduleCall", "PwScheduleCallInput", "call { id }"),
        inputs(fresh_call),
        STAFF_OF_A,
    ),
    "pwRecordCallAttendance": Entry(
        mutation("pwRecordCallAttendance", "PwRecordCallAttendanceInput", "creditEntry { id }"),
        inputs(fresh_call_attendance),
        STAFF_OF_A,
    ),
    "pwCorrectSession": Entry(
        mutation("pwCorrectSession", "PwCorrectSessionInput", "session { hours }"),
        inputs(fresh_session_correction),
        GUIDE_OR_STAFF_OF_A,
    ),
    "pwWithdrawSession": Entry(
        mutation("pwWithdrawSession", "PwWithdrawSessionInput", "session { id }"),
        inputs(fresh_session_with_g),
        GUIDE_OR_STAFF_OF_A,
    ),
    "pwCorrectCallAttendance": Entry(
        mutation("pwCorrectCallAttendance", "CorrectAttendanceInput", "creditEntry { id }"),
        inputs(fresh_call_correction),
        STAFF_OF_A,
    ),
    "pwWithdrawCallAttendance": Entry(
        mutation("pwWithdrawCallAttendance", "WithdrawAttendanceInput", "reversals { id }"),
        inputs(fresh_call_participation),
        STAFF_OF_A,
    ),
    "pwIssueQuarterlyCertificates": Entry(
        mutation(
            "pwIssueQuarterlyCertificates",
            "PwIssueQuarterlyCertificatesInput",
            "issued { id } withheld { learnerId }",
        ),
        inputs(quarter_nobody_earned_in),
        STAFF_OF_A,
    ),
    "pwMarkCreditsReported": Entry(
        mutation("pwMarkCreditsReported", "PwMarkCreditsReportedInput", "reported"),
        inputs(fresh_pending_credit),
        STAFF_OF_A,
    ),
    "pwAddResource": Entry(
        mutation("pwAddResource", "PwAddResourceInput", "resource { id }"),
        inputs(resource_for_a),
        STAFF_OF_A,
    ),
    "pwAskQuestion": Entry(
        mutation("pwAskQuestion", "PwAskQuestionInput", "question { id }"),
        inputs(question_for_oneself),
        APPROVED_LEARNER,
    ),
    "pwAnswerQuestion": Entry(
        mutation("pwAnswerQuestion", "PwAnswerQuestionInput", "question { status }"),
        inputs(fresh_question_of_p),
        GUIDE_OR_STAFF_OF_A,
    ),
    "pwSubmitFeedback": Entry(
        mutation("pwSubmitFeedback", "PwSubmitFeedbackInput", "feedback { rating }"),
        inputs(feedback),
        APPROVED_LEARNER,
    ),
}
