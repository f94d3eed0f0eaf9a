"""PW-GOALS and PW-PROGRESS: a learner's SMART goals and the progress surveys that follow.

Goals are seen by the learner, their matched guides and staff only; an overdue survey
withholds certificates until it is answered.

Every OCFP world is made fresh per test (its own organization and program staff), so tests
share the session's database without seeing each other's data.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from core.db import Database
from tests.pw_factories import PwFactory
from tests.pw_support import (
    CLOSE_GOAL,
    DECIDE,
    END_MATCH,
    GOALS,
    LOG_SESSION,
    PROGRESS_REPORTS,
    SESSIONS,
    SUBMIT_SURVEY,
    _ago,
    _attend,
    _call,
    _codes,
    _error_code,
    _goal,
    _make_surveys_overdue,
    _surveys,
    _today,
)

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
