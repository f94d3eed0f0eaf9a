"""Monthly calls (LC-CALLS), the virtual office (LC-OFFICE) and spread records (LC-SPREAD),
through the API on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from tests.lc_support import (
    CALL_ATTENDANCE,
    CALL_NOTES,
    CALLS,
    FINISH_CYCLE,
    OFFICE,
    POST,
    RECORD_SPREAD,
    SCHEDULE_CALL,
    SPREAD,
    START_CYCLE,
    Lc,
    codes,
    cycle,
    lc_fixture,  # noqa: F401 (the fixture lc)
)


async def call(lc: Lc, day: str = "2026-02-10") -> dict:
    return await lc.f.payload(
        SCHEDULE_CALL,
        collaborativeId=lc.collaborative,
        title="February call",
        startsAt=f"{day}T17:00:00+00:00",
        endsAt=f"{day}T18:00:00+00:00",
    )


async def test_lc_calls_one_a_month_with_attendance_and_notes(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")
    first = await call(lc)
    second = await call(lc, "2026-02-24")
    call_id = first["call"]["id"]

    attended = await lc.f.payload(CALL_ATTENDANCE, callId=call_id, personId=team.lead, hours="1")
    await lc.f.mutate(CALL_NOTES, callId=call_id, notes="North reported its huddle test.")
    listed = (await team.lead_client.data(CALLS, {"id": lc.collaborative}))["lcMonthlyCalls"]

    assert codes(second) == ["LC-CALLS"]
    assert attended["participation"] == {"hours": "1.00"}
    assert listed == [{"month": "2026-02-01", "notes": "North reported its huddle test."}]


async def test_lc_calls_for_the_collaborative_s_teams_only(lc: Lc) -> None:
    await lc.start()
    outsider, _ = await lc.person()
    call_id = (await call(lc))["call"]["id"]

    payload = await lc.f.payload(CALL_ATTENDANCE, callId=call_id, personId=outsider, hours="1")

    assert codes(payload) == ["LC-CALLS"]


async def test_lc_office_links_teams_coaches_and_faculty(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")
    _, coach = await lc.coach(team)
    _, outsider = await lc.person()

    shared = await coach.mutate(
        POST,
        collaborativeId=lc.collaborative,
        kind="RESOURCE",
        title="Huddle checklist",
        body="A one-page checklist.",
        url="https://example.org/huddle",
    )
    await team.lead_client.mutate(
        POST, collaborativeId=lc.collaborative, kind="MESSAGE", body="Our first test went well."
    )
    untitled = await coach.payload(
        POST, collaborativeId=lc.collaborative, kind="RESOURCE", body="No title."
    )
    seen = (await lc.f.data(OFFICE, {"id": lc.collaborative}))["lcOffice"]
    resources = await team.lead_client.data(OFFICE, {"id": lc.collaborative, "kind": "RESOURCE"})
    refused = await outsider.execute(OFFICE, {"id": lc.collaborative})

    assert shared["item"]["title"] == "Huddle checklist"
    assert codes(untitled) == ["LC-OFFICE"]
    assert [i["kind"] for i in seen] == ["MESSAGE", "RESOURCE"]
    assert [i["title"] for i in resources["lcOffice"]] == ["Huddle checklist"]
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_lc_spread_of_an_adopted_change_only(lc: Lc) -> None:
    await lc.start()
    measure = await lc.measure_id()
    team = await lc.team("NURSE")
    started = await team.lead_client.mutate(START_CYCLE, **cycle(team, measure))
    cycle_id = started["cycle"]["id"]
    spread = {
        "cycleId": cycle_id,
        "spreadTo": "The clinic's second site",
        "how": "Their MOA joined our huddle for a week.",
        "spreadOn": "2026-04-01",
    }

    undecided = await team.lead_client.payload(RECORD_SPREAD, **spread)
    await team.lead_client.mutate(
        FINISH_CYCLE,
        cycleId=cycle_id,
        done="Ran it.",
        learned="It works.",
        decision="ADOPT",
        endedOn="2026-03-20",
    )
    recorded = await team.lead_client.mutate(RECORD_SPREAD, **spread)
    listed = (await lc.f.data(SPREAD, {"team": team.id}))["lcSpread"]

    assert codes(undecided) == ["LC-SPREAD"]
    assert recorded["spread"]["cycleId"] == cycle_id
    assert listed == [{"spreadTo": "The clinic's second site"}]


async def test_lc_calls_one_a_month_under_concurrent_requests(lc: Lc) -> None:
    await lc.start()

    payloads = await asyncio.gather(*(call(lc, f"2026-03-{day:02d}") for day in range(1, 21)))

    assert sorted(c for p in payloads for c in codes(p)) == ["LC-CALLS"] * 19
