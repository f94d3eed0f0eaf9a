"""IHI assessment scores by faculty and by the team with their gap, and the faculty dashboard
(every team's latest values against targets, late reports, scores), with what a team may see:
its own row and collaborative-wide aggregates, other teams' only when reports are shared."""

from __future__ import annotations

import asyncio

from tests.lc_support import (
    ASSESS,
    ASSESSMENTS,
    DASHBOARD,
    REPORT,
    Lc,
    codes,
    lc_fixture,  # noqa: F401 (the fixture lc)
    ratio,
)


async def test_lc_monthly_assessment_scores_in_half_points_with_the_gap(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")
    score = {"teamId": team.id, "month": "2026-03-09"}

    await lc.f.mutate(ASSESS, **score, assessor="FACULTY", score="2.5")
    await team.lead_client.mutate(ASSESS, **score, assessor="TEAM", score="3.5")
    between = await lc.f.payload(
        ASSESS, **{**score, "month": "2026-04-01"}, assessor="FACULTY", score="2.25"
    )
    above = await lc.f.payload(
        ASSESS, **{**score, "month": "2026-04-01"}, assessor="FACULTY", score="5.5"
    )
    again = await lc.f.payload(ASSESS, **score, assessor="FACULTY", score="3")
    scores = (await team.lead_client.data(ASSESSMENTS, {"team": team.id}))["lcAssessments"]

    assert codes(between) == codes(above) == codes(again) == ["LC-MONTHLY"]
    assert scores == [{"month": "2026-03-01", "faculty": "2.50", "team": "3.50", "gap": "1.00"}]


async def test_lc_monthly_assessment_by_its_team_and_faculty_only(lc: Lc) -> None:
    await lc.start()
    team, other = await lc.team("NURSE"), await lc.team("MOA")
    score = {"teamId": team.id, "month": "2026-03-01", "score": "2"}

    by_other = await other.lead_client.execute(ASSESS, {"input": {**score, "assessor": "TEAM"}})
    team_as_faculty = await team.lead_client.execute(
        ASSESS, {"input": {**score, "assessor": "FACULTY"}}
    )

    assert by_other["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert team_as_faculty["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_lc_monthly_assessment_once_under_concurrent_requests(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")

    payloads = await asyncio.gather(
        *(
            lc.f.payload(ASSESS, teamId=team.id, month="2026-05-01", assessor="FACULTY", score="3")
            for _ in range(20)
        )
    )

    assert sorted(c for p in payloads for c in codes(p)) == ["LC-MONTHLY"] * 19


async def dashboard_world(lc: Lc, shares: bool) -> tuple[str, object, object]:
    await lc.start(starts_on="2026-01-01", shares=shares)
    measure = await lc.measure_id(target="0.5")
    north, south = await lc.team("NURSE"), await lc.team("MOA")
    for month, numerator in (("2026-01-01", "4"), ("2026-02-01", "6")):
        await north.lead_client.mutate(REPORT, **ratio(north, measure, month, numerator, "10"))
    await south.lead_client.mutate(REPORT, **ratio(south, measure, "2026-01-01", "2", "10"))
    await lc.f.mutate(ASSESS, teamId=north.id, month="2026-02-01", assessor="FACULTY", score="3")
    return measure, north, south


async def test_lc_dashboard_latest_values_against_targets_late_reports_and_scores(
    lc: Lc,
) -> None:
    measure, north, south = await dashboard_world(lc, shares=False)

    board = (await lc.f.data(DASHBOARD, {"id": lc.collaborative, "today": "2026-03-20"}))[
        "lcDashboard"
    ]

    rows = {row["team"]["id"]: row for row in board["teams"]}
    assert rows[north.id]["latest"] == [
        {
            "measure": {"id": measure},
            "period": "2026-02-01",
            "value": "0.600000",
            "meetsTarget": True,
        }
    ]
    assert rows[south.id]["latest"][0]["meetsTarget"] is False
    # February was due 15 March: south is late, north reported it.
    assert rows[north.id]["lateMonths"] == []
    assert rows[south.id]["lateMonths"] == ["2026-02-01"]
    assert rows[north.id]["scores"] == {
        "month": "2026-02-01",
        "faculty": "3.00",
        "team": None,
        "gap": None,
    }
    # Latest values 0.6 and 0.2: the median is 0.4; one team meets the 0.5 target.
    (aggregate,) = board["aggregates"]
    assert aggregate["teamsReporting"] == 2
    assert aggregate["medianLatest"] in ("0.4", "0.40", "0.400000")
    assert aggregate["teamsMeetingTarget"] == 1


async def test_lc_dashboard_team_sees_aggregates_and_its_own_row_only(lc: Lc) -> None:
    _, north, _ = await dashboard_world(lc, shares=False)

    board = (
        await north.lead_client.data(DASHBOARD, {"id": lc.collaborative, "today": "2026-03-20"})
    )["lcDashboard"]

    assert [row["team"]["id"] for row in board["teams"]] == [north.id]
    assert board["aggregates"][0]["teamsReporting"] == 2


async def test_lc_dashboard_shared_reports_show_every_team(lc: Lc) -> None:
    _, north, south = await dashboard_world(lc, shares=True)

    board = (
        await north.lead_client.data(DASHBOARD, {"id": lc.collaborative, "today": "2026-03-20"})
    )["lcDashboard"]

    assert {row["team"]["id"] for row in board["teams"]} == {north.id, south.id}
