"""Learning sessions (LC-SESSIONS) held over two days, attendance per day, credit only where
a certification sets a rate (LC-CREDIT), and the first session after pre-work (LC-PREWORK),
through the API on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.lc_support import (
    RECORD_ATTENDANCE,
    REPORT,
    SESSIONS,
    Lc,
    codes,
    lc_fixture,  # noqa: F401 (the fixture lc)
    ratio,
    schedule,
    two_days,
)

ADD_CERTIFICATION = (
    "mutation($input: AddCertificationInput!) { addCertification(input: $input) "
    "{ errors { code message } } }"
)


async def test_lc_sessions_four_two_day_sessions_in_order(lc: Lc) -> None:
    await lc.start(starts_on="2026-01-01")

    out_of_order = await schedule(lc, 2, "2026-04-09")
    days = [
        await schedule(lc, n, day)
        for n, day in ((1, "2026-01-15"), (2, "2026-04-09"), (3, "2026-08-13"), (4, "2026-12-03"))
    ]
    fifth = await schedule(lc, 5, "2027-02-04")
    listed = (await lc.f.data(SESSIONS, {"id": lc.collaborative}))["lcLearningSessions"]

    assert codes(out_of_order) == ["LC-SESSIONS"]
    assert [codes(d) for d in days] == [[]] * 4
    assert days[0]["learningSession"]["activity"]["hours"] == "13.50"
    assert [p["title"] for p in days[0]["learningSession"]["activity"]["parts"]] == [
        "Day 1",
        "Day 2",
    ]
    assert codes(fifth) == ["LC-SESSIONS"]
    assert [s["number"] for s in listed] == [1, 2, 3, 4]


async def test_lc_sessions_two_days_within_fifteen_months(lc: Lc) -> None:
    await lc.start(starts_on="2026-01-01")
    await schedule(lc, 1, "2026-01-15")

    one_day = await schedule(lc, 2, "2026-04-09", days=two_days("2026-04-09")[:1])
    too_late = await schedule(lc, 2, "2027-04-08")
    before_first = await schedule(lc, 2, "2026-01-08")

    assert codes(one_day) == codes(too_late) == codes(before_first) == ["LC-SESSIONS"]


async def first_session_with_team(lc: Lc) -> tuple[list[str], object]:
    await lc.start(starts_on="2026-02-01")
    measure = await lc.measure_id()
    team = await lc.team("NURSE")
    await team.lead_client.mutate(REPORT, **ratio(team, measure, "2026-01-01", "2", "10"))
    scheduled = await schedule(lc, 1, "2026-02-12")
    activity = scheduled["learningSession"]["activity"]
    return [activity["id"], *(p["id"] for p in activity["parts"])], team


async def test_lc_credit_none_without_a_rate_and_hours_of_days_attended(lc: Lc) -> None:
    (activity, day_1, _), team = await first_session_with_team(lc)

    payload = await lc.f.mutate(
        RECORD_ATTENDANCE, activityId=activity, personId=team.lead, partIds=[day_1]
    )

    assert payload["participation"] == {"hours": "7.00"}
    assert payload["creditEntry"] is None
    assert payload["creditDecision"]["allowed"] is False


async def test_lc_credit_for_attended_hours_when_a_certification_sets_a_rate(lc: Lc) -> None:
    (activity, day_1, day_2), team = await first_session_with_team(lc)
    await lc.f.mutate(
        ADD_CERTIFICATION,
        activityId=activity,
        code=f"LC-TEST-{activity[-8:]}",
        title="Learning session 1",
        rate="2",
        effectiveFrom="2026-01-01",
    )

    payload = await lc.f.mutate(
        RECORD_ATTENDANCE, activityId=activity, personId=team.lead, partIds=[day_1, day_2]
    )

    assert payload["participation"] == {"hours": "13.50"}
    assert payload["creditEntry"] == {"quantity": "13.50"}


async def test_lc_prework_first_session_waits_for_every_baseline(lc: Lc) -> None:
    await lc.start(starts_on="2026-02-01")
    await lc.measure_id()
    team = await lc.team("NURSE")
    scheduled = await schedule(lc, 1, "2026-02-12")
    activity = scheduled["learningSession"]["activity"]

    payload = await lc.f.payload(
        RECORD_ATTENDANCE,
        activityId=activity["id"],
        personId=team.lead,
        partIds=[activity["parts"][0]["id"]],
    )

    assert codes(payload) == ["LC-PREWORK"]


async def test_lc_team_only_teams_and_coaches_attend(lc: Lc) -> None:
    (activity, day_1, _), team = await first_session_with_team(lc)
    outsider, _ = await lc.person()
    coach, _ = await lc.coach(team)

    refused = await lc.f.payload(
        RECORD_ATTENDANCE, activityId=activity, personId=outsider, partIds=[day_1]
    )
    coached = await lc.f.payload(
        RECORD_ATTENDANCE, activityId=activity, personId=coach, partIds=[day_1]
    )

    assert codes(refused) == ["LC-TEAM"]
    assert codes(coached) == []
