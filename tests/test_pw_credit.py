"""PW-CREDIT-PEER and PW-CREDIT-COP: the credits Peer Connect sessions and Community of
Practice calls earn, and their separate caps, held even under concurrent writes.

Every OCFP world is made fresh per test (its own organization and program staff), so tests
share the session's database without seeing each other's data.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from tests.pw_factories import PwFactory
from tests.pw_support import (
    ATTEND,
    COP_CALL,
    LOG_SESSION,
    PEER_CONNECT,
    SCHEDULE_CALL,
    SESSIONS,
    _ago,
    _attend,
    _call,
    _codes,
    _error_code,
    _log,
    _today,
    _total,
)

# --- PW-CREDIT-PEER ----------------------------------------------------------------------------


async def test_pw_credit_peer_needs_a_matched_guide(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)

    payload = await _log(learner.client, guide, learner, "1")

    assert _codes(payload) == [("PW-CREDIT-PEER", "guideId")]
    assert payload["session"] is None
    assert payload["creditEntry"] is None
    assert (await learner.client.data(SESSIONS, {"learner": learner.person}))["pwSessions"] == []


async def test_pw_credit_peer_3_credits_an_hour_logged_by_learner_or_guide(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)

    by_learner = await _log(learner.client, guide, learner, "1.5")
    by_guide = await _log(guide.client, guide, learner, "2", _ago(8))

    for payload, amount in ((by_learner, Decimal("4.5")), (by_guide, Decimal(6))):
        assert not payload["errors"]
        entry = payload["creditEntry"]
        assert Decimal(entry["amount"]) == amount
        assert Decimal(entry["rate"]) == 3
        assert (entry["formula"], entry["scope"]) == ("PW-CREDIT-PEER", PEER_CONNECT)
        assert entry["capsApplied"] == []
    assert await _total(learner.client, learner.person) == Decimal("10.5")
    sessions = (await guide.client.data(SESSIONS, {"learner": learner.person}))["pwSessions"]
    assert [Decimal(s["hours"]) for s in sessions] == [Decimal("1.5"), Decimal(2)]


async def test_pw_credit_peer_is_logged_by_no_one_but_the_learner_and_guide(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner, other = [await pw.learner(organization, staff) for _ in range(2)]
    await pw.match(learner, guide, staff)

    for client in (other.client, staff):
        body = await client.execute(
            LOG_SESSION,
            {
                "input": {
                    "guideId": guide.id,
                    "learnerId": learner.person,
                    "heldOn": (_ago(1)).isoformat(),
                    "hours": "1",
                }
            },
        )
        assert _error_code(body) == "FORBIDDEN"
    assert await _total(learner.client, learner.person) == 0


async def test_pw_credit_peer_cap_of_36_at_its_edge(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)
    await _log(learner.client, guide, learner, "8", _ago(3))
    await _log(learner.client, guide, learner, "3.5", _ago(2))
    assert await _total(learner.client, learner.person) == Decimal("34.5")

    edge = await _log(learner.client, guide, learner, "1")
    beyond = await _log(learner.client, guide, learner, "1", _today())

    entry = edge["creditEntry"]
    assert Decimal(entry["amount"]) == Decimal("1.5")
    (cap,) = entry["capsApplied"]
    assert (cap["code"], cap["scope"]) == ("PW-CREDIT-PEER", PEER_CONNECT)
    assert Decimal(cap["limit"]) == 36
    assert Decimal(cap["alreadyAwarded"]) == Decimal("34.5")
    assert (Decimal(cap["before"]), Decimal(cap["after"])) == (Decimal(3), Decimal("1.5"))
    assert "PW-CREDIT-PEER" in entry["explanation"]
    assert "36.00" in entry["explanation"]
    assert Decimal(beyond["creditEntry"]["amount"]) == 0
    assert "PW-CREDIT-PEER" in beyond["creditEntry"]["explanation"]
    assert await _total(learner.client, learner.person) == 36


async def test_pw_credit_peer_cap_holds_under_50_concurrent_logs(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)
    days = [_ago(n) for n in range(1, 51)]

    payloads = await asyncio.gather(*(_log(learner.client, guide, learner, "1", d) for d in days))

    assert [p["errors"] for p in payloads] == [[]] * 50
    amounts = [Decimal(p["creditEntry"]["amount"]) for p in payloads]
    assert sum(amounts) == 36
    assert amounts.count(Decimal(3)) == 12
    assert await _total(learner.client, learner.person) == 36
    sessions = (await learner.client.data(SESSIONS, {"learner": learner.person}))["pwSessions"]
    assert len(sessions) == 50


async def test_pw_credit_peer_sessions_have_happened_and_last_at_most_8_hours(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)

    future = await _log(learner.client, guide, learner, "1", _today() + timedelta(days=2))
    too_long = await _log(learner.client, guide, learner, "8.5")
    nothing = await _log(learner.client, guide, learner, "0")

    assert _codes(future) == [("INVALID", "heldOn")]
    assert _codes(too_long) == [("INVALID", "hours")]
    assert _codes(nothing) == [("INVALID", "hours")]


# --- PW-CREDIT-COP -----------------------------------------------------------------------------


async def test_pw_credit_cop_call_attendance_earns_1_credit_an_hour(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    call = await _call(staff, organization, hours=1.5)

    attended = await _attend(staff, call, learner, "1.5")

    entry = attended["creditEntry"]
    assert Decimal(entry["amount"]) == Decimal("1.5")
    assert Decimal(entry["rate"]) == 1
    assert (entry["formula"], entry["scope"]) == ("PW-CREDIT-COP", COP_CALL)
    assert attended["creditDecision"]["allowed"] is True
    assert await _total(learner.client, learner.person) == Decimal("1.5")


async def test_pw_credit_cop_calls_are_scheduled_and_recorded_by_staff_only(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    call = await _call(staff, organization)
    starts = datetime.combine(_ago(1), time(17, 0), tzinfo=UTC)

    scheduling = await learner.client.execute(
        SCHEDULE_CALL,
        {
            "input": {
                "organizationId": organization,
                "title": "My own call",
                "startsAt": starts.isoformat(),
                "endsAt": (starts + timedelta(hours=1)).isoformat(),
            }
        },
    )
    recording = await learner.client.execute(
        ATTEND, {"input": {"callId": call, "learnerId": learner.person, "hours": "1"}}
    )

    assert _error_code(scheduling) == "FORBIDDEN"
    assert _error_code(recording) == "FORBIDDEN"
    assert await _total(learner.client, learner.person) == 0


async def test_pw_credit_cop_cap_of_12_at_its_edge(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    long_call = await _call(staff, organization, hours=11.5, day=_ago(90))
    edge_call = await _call(staff, organization, hours=1, day=_ago(60))
    last_call = await _call(staff, organization, hours=1, day=_ago(30))
    await _attend(staff, long_call, learner, "11.5")

    edge = (await _attend(staff, edge_call, learner, "1"))["creditEntry"]
    beyond = (await _attend(staff, last_call, learner, "1"))["creditEntry"]

    assert Decimal(edge["amount"]) == Decimal("0.5")
    (cap,) = edge["capsApplied"]
    assert cap["code"] == "PW-CREDIT-COP"
    assert Decimal(cap["limit"]) == 12
    assert Decimal(cap["alreadyAwarded"]) == Decimal("11.5")
    assert (Decimal(cap["before"]), Decimal(cap["after"])) == (Decimal(1), Decimal("0.5"))
    assert "PW-CREDIT-COP" in edge["explanation"]
    assert "12.00" in edge["explanation"]
    assert Decimal(beyond["amount"]) == 0
    assert await _total(learner.client, learner.person) == 12


async def test_pw_credit_cop_cap_holds_under_50_concurrent_attendances(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    calls = [await _call(staff, organization, day=_ago(n)) for n in range(1, 51)]

    payloads = await asyncio.gather(*(_attend(staff, c, learner, "1") for c in calls))

    assert [p["errors"] for p in payloads] == [[]] * 50
    amounts = [Decimal(p["creditEntry"]["amount"]) for p in payloads]
    assert sum(amounts) == 12
    assert amounts.count(Decimal(1)) == 12
    assert await _total(learner.client, learner.person) == 12


async def test_pw_credit_peer_and_cop_caps_are_separate(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    await pw.match(learner, guide, staff)
    for days_ago, hours in ((3, "8"), (2, "4")):
        await _log(learner.client, guide, learner, hours, _ago(days_ago))
    call = await _call(staff, organization, hours=2)

    attended = await _attend(staff, call, learner, "2")

    assert Decimal(attended["creditEntry"]["amount"]) == 2
    assert attended["creditEntry"]["capsApplied"] == []
    assert await _total(learner.client, learner.person) == 38
