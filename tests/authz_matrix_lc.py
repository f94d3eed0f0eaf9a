"""The authorization matrix's rows for the learning collaborative's root fields, run in A by C.

Faculty are the program's staff (C, and the platform admin): they open collaboratives, write
charters and assign coaches. A collaborative's charter and its list of teams are read by
everyone holding a role in its organization (P, Q, G, C); S, of B only, sees nothing. Each
case acts on a collaborative made for it, so cases do not depend on one another.
"""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import (
    ALLOW,
    P_OR_STAFF_OF_A,
    SEES_P,
    STAFF_OF_A,
    Entry,
    inputs,
    mutation,
)
from tests.authz_world import OTHER_PHYSICIAN, World
from tests.factories import CREATE_GROUP, JOIN_GROUP, unique
from tests.lc_support import (
    ADD_MEASURE,
    CREATE_COLLABORATIVE,
    FINISH_CYCLE,
    REPORT,
    SCHEDULE_CALL,
    SCHEDULE_SESSION,
    START_CYCLE,
    two_days,
)

IN_A = {**SEES_P, OTHER_PHYSICIAN: ALLOW}
TEAM = "learning_collaborative.team"


def collaborative_input(w: World) -> dict[str, Any]:
    return {
        "organizationId": w.ids["A"],
        "name": unique("Collaborative"),
        "startsOn": "2026-01-01",
        "facultyId": w.ids["C"],
    }


async def fresh_collaborative(w: World) -> str:
    payload = await w.gql.mutate(CREATE_COLLABORATIVE, **collaborative_input(w))
    return payload["collaborative"]["group"]["id"]


async def fresh_team(w: World, collaborative: str | None = None) -> str:
    payload = await w.gql.mutate(
        CREATE_GROUP,
        organizationId=w.ids["A"],
        kind=TEAM,
        name=unique("Team"),
        capacity=12,
        parentId=collaborative or await fresh_collaborative(w),
        practiceName=unique("Clinic"),
    )
    return payload["group"]["id"]


async def team_of_p(w: World) -> tuple[str, str]:
    """A complete team P leads with a nurse of A, and a charter measure of its collaborative."""
    team, measure, _ = await collaborative_of_p(w)
    return team, measure


async def collaborative_of_p(w: World) -> tuple[str, str, str]:
    """A collaborative with a charter measure and a complete team P leads with a nurse of A."""
    collaborative = await fresh_collaborative(w)
    measure = await w.gql.mutate(
        ADD_MEASURE,
        collaborativeId=collaborative,
        name=unique("Measure"),
        definition="Visits followed up within a week.",
        kind="COUNT",
        unit="visits",
        direction="UP",
        target="20",
    )
    team = await fresh_team(w, collaborative)
    nurse = await w.person_in("A", profession="NURSE")
    await w.gql.mutate(JOIN_GROUP, groupId=team, personId=w.ids["P"], role="LEAD")
    await w.gql.mutate(JOIN_GROUP, groupId=team, personId=nurse)
    return team, measure["charterMeasure"]["measure"]["id"], collaborative


async def office_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"id": (await collaborative_of_p(w))[2]}


async def dashboard_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"id": (await collaborative_of_p(w))[2], "today": "2026-03-01"}


async def team_only_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"team": (await team_of_p(w))[0]}


def call_input(collaborative: str) -> dict[str, Any]:
    return {
        "collaborativeId": collaborative,
        "title": "March call",
        "startsAt": "2026-03-10T17:00:00+00:00",
        "endsAt": "2026-03-10T18:00:00+00:00",
    }


async def new_call(w: World, caller: str) -> dict[str, Any]:
    return call_input(await fresh_collaborative(w))


async def call_of_p(w: World) -> str:
    collaborative = (await collaborative_of_p(w))[2]
    return (await w.gql.mutate(SCHEDULE_CALL, **call_input(collaborative)))["call"]["id"]


async def p_on_call(w: World, caller: str) -> dict[str, Any]:
    return {"callId": await call_of_p(w), "personId": w.ids["P"], "hours": "1"}


async def notes_of_call(w: World, caller: str) -> dict[str, Any]:
    return {"callId": await call_of_p(w), "notes": "Teams reported."}


async def post_in_office_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"collaborativeId": (await collaborative_of_p(w))[2], "kind": "MESSAGE", "body": "Hi."}


async def spread_of_p(w: World, caller: str) -> dict[str, Any]:
    finished = await finish_for_team_of_p(w, caller)
    await w.gql.mutate(FINISH_CYCLE, **{**finished, "decision": "ADOPT"})
    return {
        "cycleId": finished["cycleId"],
        "spreadTo": "Second site",
        "how": "Shared the checklist.",
        "spreadOn": "2026-04-01",
    }


async def faculty_score_of_p(w: World, caller: str) -> dict[str, Any]:
    team = (await team_of_p(w))[0]
    return {"teamId": team, "month": "2026-03-01", "assessor": "FACULTY", "score": "2.5"}


async def report_for_team_of_p(w: World, caller: str) -> dict[str, Any]:
    team, measure = await team_of_p(w)
    return {"teamId": team, "measureId": measure, "period": "2026-02-01", "count": "3"}


async def chart_of_team_of_p(w: World, caller: str) -> dict[str, Any]:
    team, measure = await team_of_p(w)
    return {"team": team, "measure": measure}


async def cycle_for_team_of_p(w: World, caller: str) -> dict[str, Any]:
    team, measure = await team_of_p(w)
    return {
        "teamId": team,
        "changeIdea": "Recall list",
        "prediction": "More follow-ups.",
        "plan": "Two weeks.",
        "startedOn": "2026-03-02",
        "measureIds": [measure],
    }


async def finish_for_team_of_p(w: World, caller: str) -> dict[str, Any]:
    started = await w.gql.mutate(START_CYCLE, **await cycle_for_team_of_p(w, caller))
    return {
        "cycleId": started["cycle"]["id"],
        "done": "Done.",
        "learned": "Learned.",
        "decision": "ADAPT",
        "endedOn": "2026-03-20",
    }


async def collaborative_to_open(w: World, caller: str) -> dict[str, Any]:
    return {"collaborativeId": await fresh_collaborative(w)}


async def owed_until(w: World, caller: str) -> dict[str, Any]:
    return {"id": await fresh_collaborative(w), "until": "2026-03-01"}


async def organization_a(w: World, caller: str) -> dict[str, Any]:
    return {"organization": w.ids["A"]}


async def a_collaborative(w: World, caller: str) -> dict[str, Any]:
    return {"id": await fresh_collaborative(w)}


async def new_collaborative(w: World, caller: str) -> dict[str, Any]:
    return collaborative_input(w)


async def goal(w: World, caller: str) -> dict[str, Any]:
    return {"collaborativeId": await fresh_collaborative(w), "statement": "Fewer ER visits."}


async def charter_measure(w: World, caller: str) -> dict[str, Any]:
    return {
        "collaborativeId": await fresh_collaborative(w),
        "name": unique("Measure"),
        "definition": "Visits followed up within a week.",
        "kind": "COUNT",
        "unit": "visits",
        "direction": "UP",
        "target": "20",
    }


async def coach_for_team(w: World, caller: str) -> dict[str, Any]:
    return {"teamId": await fresh_team(w), "coachId": w.ids["G"]}


def session_input(collaborative: str) -> dict[str, Any]:
    return {
        "collaborativeId": collaborative,
        "number": 1,
        "title": "Learning session 1",
        "days": two_days("2026-01-15"),
    }


async def new_session(w: World, caller: str) -> dict[str, Any]:
    return session_input(await fresh_collaborative(w))


async def attendance_of_p(w: World, caller: str) -> dict[str, Any]:
    """P's team reported its baseline; P attended the first day of session 1."""
    team, measure = await team_of_p(w)
    await w.gql.mutate(REPORT, teamId=team, measureId=measure, period="2025-12-01", count="2")
    parent = await w.gql.data(
        "query($id: ID!) { node(id: $id) { ... on Group { parent { id } } } }", {"id": team}
    )
    scheduled = await w.gql.mutate(
        SCHEDULE_SESSION, **session_input(parent["node"]["parent"]["id"])
    )
    activity = scheduled["learningSession"]["activity"]
    return {
        "activityId": activity["id"],
        "personId": w.ids["P"],
        "partIds": [activity["parts"][0]["id"]],
    }


async def _team_only(variables: Any) -> dict[str, Any]:
    return {"team": (await variables)["team"]}


LC_MATRIX: dict[str, Entry] = {
    "lcCollaboratives": Entry(
        "query($organization: ID!) { lcCollaboratives(organizationId: $organization)"
        " { startsOn } }",
        organization_a,
        IN_A,
    ),
    "lcCharter": Entry(
        "query($id: ID!) { lcCharter(collaborativeId: $id) { goals { statement } } }",
        a_collaborative,
        IN_A,
    ),
    "lcTeams": Entry(
        "query($id: ID!) { lcTeams(collaborativeId: $id) { complete } }",
        a_collaborative,
        IN_A,
    ),
    "lcReportsOwed": Entry(
        "query($id: ID!, $until: Date!) { lcReportsOwed(collaborativeId: $id, until: $until)"
        " { month } }",
        owed_until,
        IN_A,
    ),
    "lcPrework": Entry(
        "query($id: ID!) { lcPrework(collaborativeId: $id) { month } }",
        a_collaborative,
        IN_A,
    ),
    "lcReportMonth": Entry(
        mutation("lcReportMonth", "LcReportMonthInput", "value { version }"),
        inputs(report_for_team_of_p),
        P_OR_STAFF_OF_A,
    ),
    "lcOpenReporting": Entry(
        mutation("lcOpenReporting", "LcOpenReportingInput", "opened"),
        inputs(collaborative_to_open),
        STAFF_OF_A,
    ),
    "lcPdsaCycles": Entry(
        "query($team: ID!) { lcPdsaCycles(teamId: $team) { changeIdea } }",
        lambda w, caller: _team_only(chart_of_team_of_p(w, caller)),
        P_OR_STAFF_OF_A,
    ),
    "lcRunChart": Entry(
        "query($team: ID!, $measure: ID!) { lcRunChart(teamId: $team, measureId: $measure)"
        " { target } }",
        chart_of_team_of_p,
        P_OR_STAFF_OF_A,
    ),
    "lcStartPdsaCycle": Entry(
        mutation("lcStartPdsaCycle", "LcStartPdsaCycleInput", "cycle { changeIdea }"),
        inputs(cycle_for_team_of_p),
        P_OR_STAFF_OF_A,
    ),
    "lcFinishPdsaCycle": Entry(
        mutation("lcFinishPdsaCycle", "LcFinishPdsaCycleInput", "cycle { decision }"),
        inputs(finish_for_team_of_p),
        P_OR_STAFF_OF_A,
    ),
    "lcLearningSessions": Entry(
        "query($id: ID!) { lcLearningSessions(collaborativeId: $id) { number } }",
        a_collaborative,
        IN_A,
    ),
    "lcScheduleLearningSession": Entry(
        mutation(
            "lcScheduleLearningSession",
            "LcScheduleLearningSessionInput",
            "learningSession { number }",
        ),
        inputs(new_session),
        STAFF_OF_A,
    ),
    "lcRecordSessionAttendance": Entry(
        mutation(
            "lcRecordSessionAttendance", "LcRecordSessionAttendanceInput", "participation { hours }"
        ),
        inputs(attendance_of_p),
        STAFF_OF_A,
    ),
    "lcMonthlyCalls": Entry(
        "query($id: ID!) { lcMonthlyCalls(collaborativeId: $id) { month } }",
        office_of_p,
        P_OR_STAFF_OF_A,
    ),
    "lcOffice": Entry(
        "query($id: ID!) { lcOffice(collaborativeId: $id) { body } }",
        office_of_p,
        P_OR_STAFF_OF_A,
    ),
    "lcSpread": Entry(
        "query($team: ID!) { lcSpread(teamId: $team) { spreadTo } }",
        team_only_of_p,
        P_OR_STAFF_OF_A,
    ),
    "lcAssessments": Entry(
        "query($team: ID!) { lcAssessments(teamId: $team) { month } }",
        team_only_of_p,
        P_OR_STAFF_OF_A,
    ),
    "lcDashboard": Entry(
        "query($id: ID!, $today: Date!) { lcDashboard(collaborativeId: $id, today: $today)"
        " { aggregates { teamsReporting } } }",
        dashboard_of_p,
        P_OR_STAFF_OF_A,
    ),
    "lcScheduleCall": Entry(
        mutation("lcScheduleCall", "LcScheduleCallInput", "call { month }"),
        inputs(new_call),
        STAFF_OF_A,
    ),
    "lcRecordCallAttendance": Entry(
        mutation(
            "lcRecordCallAttendance", "LcRecordCallAttendanceInput", "participation { hours }"
        ),
        inputs(p_on_call),
        STAFF_OF_A,
    ),
    "lcKeepCallNotes": Entry(
        mutation("lcKeepCallNotes", "LcKeepCallNotesInput", "call { notes }"),
        inputs(notes_of_call),
        STAFF_OF_A,
    ),
    "lcPostToOffice": Entry(
        mutation("lcPostToOffice", "LcPostToOfficeInput", "item { body }"),
        inputs(post_in_office_of_p),
        P_OR_STAFF_OF_A,
    ),
    "lcRecordSpread": Entry(
        mutation("lcRecordSpread", "LcRecordSpreadInput", "spread { spreadTo }"),
        inputs(spread_of_p),
        P_OR_STAFF_OF_A,
    ),
    "lcAssessTeam": Entry(
        mutation("lcAssessTeam", "LcAssessTeamInput", "score"),
        inputs(faculty_score_of_p),
        STAFF_OF_A,
    ),
    "lcCreateCollaborative": Entry(
        mutation(
            "lcCreateCollaborative", "LcCreateCollaborativeInput", "collaborative { startsOn }"
        ),
        inputs(new_collaborative),
        STAFF_OF_A,
    ),
    "lcAddCharterGoal": Entry(
        mutation("lcAddCharterGoal", "LcAddCharterGoalInput", "goal { statement }"),
        inputs(goal),
        STAFF_OF_A,
    ),
    "lcAddCharterMeasure": Entry(
        mutation(
            "lcAddCharterMeasure", "LcAddCharterMeasureInput", "charterMeasure { definition }"
        ),
        inputs(charter_measure),
        STAFF_OF_A,
    ),
    "lcAssignCoach": Entry(
        mutation("lcAssignCoach", "LcAssignCoachInput", "team { name }"),
        inputs(coach_for_team),
        STAFF_OF_A,
    ),
}
