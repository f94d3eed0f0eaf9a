"""Monthly measure reports (LC-MONTHLY), pre-work baselines (LC-PREWORK) and the rules a
report meets first (LC-CHARTER, LC-TEAM), through the API on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from tests.lc_support import (
    DUE_ITEMS,
    OPEN_REPORTING,
    OWED,
    PREWORK,
    REPORT,
    Lc,
    codes,
    lc_fixture,  # noqa: F401 (the fixture lc)
    ratio,
)

MONTHLY = "learning_collaborative.monthly_report"


async def test_lc_monthly_one_value_per_team_measure_and_month(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    team = await lc.team("NURSE")

    first = await team.lead_client.payload(REPORT, **ratio(team, measure, "2026-02-10", "6", "8"))
    again = await team.lead_client.payload(REPORT, **ratio(team, measure, "2026-02-20", "7", "8"))

    assert first["value"] == {"period": "2026-02-01", "version": 1, "value": "0.750000"}
    assert codes(again) == ["LC-MONTHLY"]


async def test_lc_monthly_values_validated(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    team = await lc.team("NURSE")

    above = await team.lead_client.payload(REPORT, **ratio(team, measure, "2026-02-01", "9", "8"))
    empty = await team.lead_client.payload(REPORT, **ratio(team, measure, "2026-02-01", "0", "0"))

    assert codes(above) == ["CORE-MEASURE-RATIO"]
    assert codes(empty) == ["CORE-MEASURE-DENOMINATOR"]


async def test_lc_monthly_holds_under_concurrent_reports(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    team = await lc.team("NURSE")

    payloads = await asyncio.gather(
        *(
            team.lead_client.payload(REPORT, **ratio(team, measure, "2026-03-01", str(n), "20"))
            for n in range(20)
        )
    )

    assert sorted(c for p in payloads for c in codes(p)) == ["LC-MONTHLY"] * 19


async def test_lc_team_incomplete_team_cannot_report(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    alone = await lc.team()

    payload = await alone.lead_client.payload(
        REPORT, **ratio(alone, measure, "2026-02-01", "1", "2")
    )

    assert codes(payload) == ["LC-TEAM"]
    assert "profession" in payload["errors"][0]["message"]


async def test_lc_charter_measure_of_another_collaborative_refused(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")
    foreign = await (await Lc(lc.gql, lc.make, lc.client_for).start()).measure_id()

    payload = await team.lead_client.payload(REPORT, **ratio(team, foreign, "2026-02-01", "1", "2"))

    assert codes(payload) == ["LC-CHARTER"]


async def test_lc_monthly_another_team_cannot_report_for_a_team(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    team, other = await lc.team("NURSE"), await lc.team("MOA")

    body = await other.lead_client.execute(
        REPORT, {"input": ratio(team, measure, "2026-02-01", "1", "2")}
    )

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_lc_monthly_coach_reports_for_the_team(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    team = await lc.team("NURSE")
    _, coach = await lc.coach(team)

    payload = await coach.payload(REPORT, **ratio(team, measure, "2026-02-01", "1", "2"))

    assert payload["errors"] == []


async def test_lc_monthly_report_item_recurs_and_completes_when_month_reported(lc: Lc) -> None:
    await lc.start(starts_on="2026-01-01")
    first, second = await lc.measure_id(), await lc.measure_id()
    team = await lc.team("NURSE")
    opened = await lc.f.mutate(OPEN_REPORTING, collaborativeId=lc.collaborative)
    again = await lc.f.mutate(OPEN_REPORTING, collaborativeId=lc.collaborative)

    await team.lead_client.mutate(REPORT, **ratio(team, first, "2026-01-01", "1", "2"))
    half = (await lc.gql.data(DUE_ITEMS, {"id": team.lead}))["node"]["dueItems"]["nodes"]
    await team.lead_client.mutate(REPORT, **ratio(team, second, "2026-01-01", "1", "2"))
    done = (await lc.gql.data(DUE_ITEMS, {"id": team.lead}))["node"]["dueItems"]["nodes"]

    assert (opened["opened"], again["opened"]) == (1, 0)
    assert [(i["kind"], i["dueOn"], i["completedAt"]) for i in half] == [
        (MONTHLY, "2026-02-15", None)
    ]
    assert done[0]["dueOn"] == "2026-02-15"
    assert done[0]["completedAt"] is not None


async def test_lc_monthly_late_and_missing_reports_visible_to_faculty(lc: Lc) -> None:
    await lc.start(starts_on="2026-01-01")
    measure = await lc.measure_id()
    reporting, silent = await lc.team("NURSE"), await lc.team("MOA")
    await reporting.lead_client.mutate(REPORT, **ratio(reporting, measure, "2026-01-01", "1", "2"))

    owed = await lc.f.data(OWED, {"id": lc.collaborative, "until": "2026-02-20"})
    own = await silent.lead_client.data(OWED, {"id": lc.collaborative, "until": "2026-02-20"})

    rows = [(o["team"]["id"], o["month"], o["late"]) for o in owed["lcReportsOwed"]]
    # January was due 15 February (late by the 20th); February is due 15 March (not yet).
    assert rows == [
        (silent.id, "2026-01-01", True),
        (reporting.id, "2026-02-01", False),
        (silent.id, "2026-02-01", False),
    ]
    assert {o["team"]["id"] for o in own["lcReportsOwed"]} == {silent.id}


async def test_lc_prework_owed_until_every_baseline_reported(lc: Lc) -> None:
    await lc.start(starts_on="2026-03-01")
    first, second = await lc.measure_id(), await lc.measure_id()
    team = await lc.team("NURSE")
    await team.lead_client.mutate(REPORT, **ratio(team, first, "2026-02-01", "3", "10"))

    owing = (await lc.f.data(PREWORK, {"id": lc.collaborative}))["lcPrework"]
    await team.lead_client.mutate(REPORT, **ratio(team, second, "2026-01-01", "4", "10"))
    settled = (await lc.f.data(PREWORK, {"id": lc.collaborative}))["lcPrework"]

    assert owing == [{"team": {"id": team.id}, "missing": [{"id": second}]}]
    assert settled == []
