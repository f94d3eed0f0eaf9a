"""One small collaborative driven from its charter to its fourth learning session through the
public API alone, on SQLite and PostgreSQL: faculty write the charter, two practices form
interdisciplinary teams with coaches, report baselines (pre-work), attend four two-day
learning sessions, run PDSA cycles in the action periods between them and report every month;
faculty see no report missing and each team's run chart with its cycles on it."""

from __future__ import annotations

from tests.lc_support import (
    ADD_GOAL,
    CHARTER,
    FINISH_CYCLE,
    OPEN_REPORTING,
    OWED,
    PREWORK,
    RECORD_ATTENDANCE,
    REPORT,
    RUN_CHART,
    START_CYCLE,
    TEAMS,
    Lc,
    cycle,
    lc_fixture,  # noqa: F401 (the fixture lc)
    ratio,
    schedule,
)

SESSION_DAYS = ("2026-01-15", "2026-04-09", "2026-08-13", "2026-12-03")
# Patients with a self-management goal, out of 20 a month: a team improving steadily.
NUMERATORS = [4, 5, 5, 7, 8, 9, 11, 12, 13, 14, 15]


async def test_lc_end_to_end_from_charter_to_the_fourth_learning_session(lc: Lc) -> None:
    await lc.start(starts_on="2026-01-01")
    await lc.f.mutate(ADD_GOAL, collaborativeId=lc.collaborative, statement="Goals for all.")
    goal_set, visits = await lc.measure_id(), await lc.measure_id(kind="COUNT", target="30")
    north, south = await lc.team("NURSE"), await lc.team("MOA", "ALLIED_HEALTH")
    for team in (north, south):
        await lc.coach(team)
    teams = (await lc.f.data(TEAMS, {"id": lc.collaborative}))["lcTeams"]
    assert all(t["complete"] and t["coach"] for t in teams)

    # Pre-work: baselines for December, before the first session.
    for team in (north, south):
        await team.lead_client.mutate(REPORT, **ratio(team, goal_set, "2025-12-01", "3", "20"))
        await team.lead_client.mutate(
            REPORT, teamId=team.id, measureId=visits, period="2025-12-01", count="10"
        )
    assert (await lc.f.data(PREWORK, {"id": lc.collaborative}))["lcPrework"] == []
    assert (await lc.f.mutate(OPEN_REPORTING, collaborativeId=lc.collaborative))["opened"] == 2

    sessions = []
    for number, day in enumerate(SESSION_DAYS, start=1):
        scheduled = await schedule(lc, number, day)
        sessions.append(scheduled["learningSession"]["activity"])

    async def attend(session: dict) -> None:
        for team in (north, south):
            for person in team.members:
                await lc.f.mutate(
                    RECORD_ATTENDANCE,
                    activityId=session["id"],
                    personId=person,
                    partIds=[p["id"] for p in session["parts"]],
                )

    await attend(sessions[0])
    # Action periods: a PDSA cycle after each of the first three sessions, and monthly reports.
    cycles = []
    for period, started in enumerate(("2026-01-20", "2026-04-14", "2026-08-18")):
        planned = await north.lead_client.mutate(
            START_CYCLE, **cycle(north, goal_set, startedOn=started)
        )
        decision = ("ADAPT", "ADAPT", "ADOPT")[period]
        await north.lead_client.mutate(
            FINISH_CYCLE,
            cycleId=planned["cycle"]["id"],
            done="Tried it.",
            learned="It helped.",
            decision=decision,
            endedOn=started,
        )
        cycles.append(planned["cycle"]["id"])
    for month, numerator in enumerate(NUMERATORS, start=1):
        period = f"2026-{month:02d}-01"
        for team in (north, south):
            await team.lead_client.mutate(
                REPORT, **ratio(team, goal_set, period, str(numerator), "20")
            )
            await team.lead_client.mutate(
                REPORT, teamId=team.id, measureId=visits, period=period, count="12"
            )
    await attend(sessions[3])

    owed = await lc.f.data(OWED, {"id": lc.collaborative, "until": "2026-12-10"})
    chart = (await lc.f.data(RUN_CHART, {"team": north.id, "measure": goal_set}))["lcRunChart"]
    charter = (await lc.f.data(CHARTER, {"id": lc.collaborative}))["lcCharter"]

    # Every month through November is in; December is not yet due (15 January).
    assert {o["month"] for o in owed["lcReportsOwed"]} == {"2026-12-01"}
    assert len(chart["chart"]["points"]) == 12
    assert [a["id"] for a in chart["annotations"]] == cycles
    assert [a["decision"] for a in chart["annotations"]] == ["ADAPT", "ADAPT", "ADOPT"]
    # 3 4 5 5 7 8 9 11 12 13 14 15 (out of 20) rise with one tie: a trend of all twelve.
    assert "TREND" in {s["kind"] for s in chart["chart"]["signals"]}
    assert len(charter["measures"]) == 2
