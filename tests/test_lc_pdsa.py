"""PDSA cycles (LC-ACTION-PERIOD) and run charts with their PDSA annotations, through the API
on SQLite and PostgreSQL. The run-chart signals are worked out by hand in each test."""

from __future__ import annotations

from tests.lc_support import (
    CYCLES,
    FINISH_CYCLE,
    REPORT,
    RUN_CHART,
    START_CYCLE,
    Lc,
    Team,
    codes,
    cycle,
    lc_fixture,  # noqa: F401 (the fixture lc)
)


def finish(cycle_id: str, **fields: str) -> dict:
    return {
        "cycleId": cycle_id,
        "done": "Ran the huddle on 14 visits.",
        "learned": "Goals were set at 11 of 14 visits.",
        "decision": "ADOPT",
        "endedOn": "2026-03-16",
        **fields,
    }


async def report_counts(lc: Lc, team: Team, measure: str, counts: list[int]) -> None:
    for month, count in enumerate(counts, start=1):
        await team.lead_client.mutate(
            REPORT,
            teamId=team.id,
            measureId=measure,
            period=f"{2026 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}-01",
            count=str(count),
        )


async def test_lc_action_period_cycle_planned_done_studied_and_decided(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    team = await lc.team("NURSE")

    started = await team.lead_client.mutate(START_CYCLE, **cycle(team, measure))
    finished = await team.lead_client.mutate(FINISH_CYCLE, **finish(started["cycle"]["id"]))
    listed = (await lc.f.data(CYCLES, {"team": team.id}))["lcPdsaCycles"]

    assert started["cycle"]["decision"] is None
    assert finished["cycle"]["decision"] == "ADOPT"
    assert finished["cycle"]["learned"] == "Goals were set at 11 of 14 visits."
    assert listed == [finished["cycle"]]
    assert listed[0]["measureIds"] == [measure]


async def test_lc_action_period_cycle_states_its_prediction_and_measures(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    team = await lc.team("NURSE")

    no_prediction = await team.lead_client.payload(
        START_CYCLE, **cycle(team, measure, prediction="  ")
    )
    no_measure = await team.lead_client.payload(START_CYCLE, **cycle(team))

    assert codes(no_prediction) == codes(no_measure) == ["LC-ACTION-PERIOD"]


async def test_lc_action_period_decided_once(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    team = await lc.team("NURSE")
    started = await team.lead_client.mutate(START_CYCLE, **cycle(team, measure))
    await team.lead_client.mutate(FINISH_CYCLE, **finish(started["cycle"]["id"]))

    again = await team.lead_client.payload(
        FINISH_CYCLE, **finish(started["cycle"]["id"], decision="ABANDON")
    )

    assert codes(again) == ["LC-ACTION-PERIOD"]


async def test_lc_action_period_linked_to_charter_measures_only(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")
    foreign = await (await Lc(lc.gql, lc.make, lc.client_for).start()).measure_id()

    payload = await team.lead_client.payload(START_CYCLE, **cycle(team, foreign))

    assert codes(payload) == ["LC-CHARTER"]


async def test_lc_action_period_another_team_sees_no_cycles(lc: Lc) -> None:
    await lc.start()
    team, other = await lc.team("NURSE"), await lc.team("MOA")

    body = await other.lead_client.execute(CYCLES, {"team": team.id})

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_lc_run_chart_shift_of_six_on_each_side_and_too_few_runs(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id(kind="COUNT", target="10")
    team = await lc.team("NURSE")
    # Sorted: 1 1 1 2 2 2 8 8 8 9 9 9, so the median is (2 + 8) / 2 = 5. January to June lie
    # below it, July to December above: two shifts of six. Two runs in 12 useful points is
    # fewer than the table's lower limit of 4. No trend: the values alternate.
    await report_counts(lc, team, measure, [1, 2, 1, 2, 1, 2, 8, 9, 8, 9, 8, 9])

    chart = (await lc.f.data(RUN_CHART, {"team": team.id, "measure": measure}))["lcRunChart"]

    assert chart["target"] == "10.00"
    assert chart["chart"]["median"] in ("5", "5.0", "5.00", "5.000000")
    found = {
        (s["kind"], s["periods"][0], s["periods"][-1], len(s["periods"]))
        for s in chart["chart"]["signals"]
    }
    assert ("SHIFT", "2026-01-01", "2026-06-01", 6) in found
    assert ("SHIFT", "2026-07-01", "2026-12-01", 6) in found
    assert "TREND" not in {kind for kind, *_ in found}
    assert "TOO_FEW_RUNS" in {kind for kind, *_ in found}


async def test_lc_run_chart_trend_of_five_with_pdsa_annotation(lc: Lc) -> None:
    await lc.start()
    measure, other = await lc.measure_id(kind="COUNT", target="10"), await lc.measure_id()
    team = await lc.team("NURSE")
    # 1 2 3 4 5 rises five times in a row: a trend of five. The median is 3; two points lie
    # on each side, too few for a shift, and 4 useful points are too few for the runs rule.
    await report_counts(lc, team, measure, [1, 2, 3, 4, 5])
    linked = await team.lead_client.mutate(START_CYCLE, **cycle(team, measure))
    await team.lead_client.mutate(START_CYCLE, **cycle(team, other, changeIdea="Recall list"))

    chart = (await team.lead_client.data(RUN_CHART, {"team": team.id, "measure": measure}))[
        "lcRunChart"
    ]

    assert [(s["kind"], s["periods"]) for s in chart["chart"]["signals"]] == [
        ("TREND", ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01"])
    ]
    assert chart["annotations"] == [
        {
            "id": linked["cycle"]["id"],
            "changeIdea": "Pre-visit planning huddle",
            "startedOn": "2026-03-02",
            "decision": None,
        }
    ]


async def test_lc_monthly_another_team_s_chart_only_when_reports_are_shared(lc: Lc) -> None:
    for shares, expected in ((False, "FORBIDDEN"), (True, None)):
        await lc.start(shares=shares)
        measure = await lc.measure_id(kind="COUNT", target="10")
        team, other = await lc.team("NURSE"), await lc.team("MOA")
        await report_counts(lc, team, measure, [3])

        body = await other.lead_client.execute(RUN_CHART, {"team": team.id, "measure": measure})

        if expected is None:
            assert body["data"]["lcRunChart"]["chart"]["points"][0]["value"] == "3.00"
        else:
            assert body["errors"][0]["extensions"]["code"] == expected
