"""Sessions, registration and attendance through the GraphQL API, on SQLite and PostgreSQL:
SGLS-CAPACITY (cap from a setting, waitlist promoted in order, held under concurrency),
SGLS-OBJECTIVES, SGLS-PARTICIPANTS, SGLS-CREDIT (retroactive, once)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal

import pytest

from core.db import Database
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.psp_support import (
    CANCEL,
    CERTIFY_SERIES,
    CREATE_SERIES,
    ELIGIBILITY,
    SCHEDULE,
    Province,
    build_province,
    codes,
)
from tests.statement_counting import counting_statements

CONCURRENT = 20


@pytest.fixture
async def province(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Province:
    return await build_province(gql, make, client_for)


async def test_sgls_capacity_refuses_a_session_of_13(province: Province) -> None:
    refused = await province.session(capacity=13)
    assert codes(refused) == ["SGLS-CAPACITY"]
    assert "1 to 12" in refused["errors"][0]["message"]
    made = await province.session()
    assert made["session"]["activity"]["capacity"] == 12


async def test_sgls_objectives_are_required(province: Province) -> None:
    payload = await province.as_(province.coordinator).payload(
        SCHEDULE,
        seriesId=province.series,
        divisionId=province.division,
        title="No objectives",
        objectives="  ",
        startsAt="2026-01-10T17:00:00+00:00",
        endsAt="2026-01-10T20:00:00+00:00",
    )
    assert codes(payload) == ["SGLS-OBJECTIVES"]


async def test_sgls_capacity_coordinator_schedules_only_their_division(province: Province) -> None:
    body = await province.as_(province.other_coordinator).execute(
        SCHEDULE,
        {
            "input": {
                "seriesId": province.series,
                "divisionId": province.division,
                "title": "Elsewhere",
                "objectives": "x",
                "startsAt": "2026-01-10T17:00:00+00:00",
                "endsAt": "2026-01-10T20:00:00+00:00",
            }
        },
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_sgls_capacity_waitlist_promoted_in_order(province: Province) -> None:
    session = (await province.session(capacity=2))["session"]["id"]
    people = [await province.participant() for _ in range(4)]
    results = [await province.seated(session, p) for p in people]
    assert [r["registration"]["seated"] for r in results] == [True, True, False, False]
    assert [r["registration"]["position"] for r in results[2:]] == [1, 2]
    assert results[2]["registration"]["waitlisted"] is True

    left = await province.as_(people[0]).payload(CANCEL, sessionId=session, personId=people[0])
    assert left["errors"] == []
    waiting = left["registration"]["session"]["waitlist"]
    assert waiting == []  # people[0] sees only their own place in line, and has none
    again = await province.seated(session, people[2])
    assert codes(again) == ["CORE-ACTIVITY-REGISTERED"]  # promoted: holds the seat
    still = await province.seated(session, people[3])
    assert codes(still) == ["CORE-ACTIVITY-REGISTERED"]  # already waiting, second in line


async def test_sgls_capacity_holds_under_concurrent_registration(province: Province) -> None:
    session = (await province.session(capacity=12))["session"]["id"]
    people = [await province.participant() for _ in range(CONCURRENT)]
    results = await asyncio.gather(*(province.seated(session, p) for p in people))
    seated = [r for r in results if not r["errors"] and r["registration"]["seated"]]
    waiting = [r for r in results if not r["errors"] and r["registration"]["waitlisted"]]
    assert len(seated) == 12
    assert len(waiting) == CONCURRENT - 12
    assert sorted(r["registration"]["position"] for r in waiting) == list(range(1, 9))


async def test_sgls_participants_moa_attends_uncredited(province: Province) -> None:
    session = (await province.session())["session"]["id"]
    moa = await province.participant("MOA")
    allied = await province.participant("ALLIED_HEALTH")
    physician = await province.participant()
    for person in (moa, allied, physician):
        assert (await province.seated(session, person))["errors"] == []
    moa_attended = await province.attend(session, moa)
    doctor_attended = await province.attend(session, physician)
    assert moa_attended["participation"]["hours"] == "3.00"
    assert moa_attended["creditEntry"] is None
    reasons = moa_attended["creditDecision"]["reasons"]
    assert any(r["code"] == "SGLS-PARTICIPANTS" and not r["allowed"] for r in reasons)
    assert Decimal(doctor_attended["creditEntry"]["amount"]) == Decimal(3)


async def test_sgls_participants_others_cannot_register(province: Province) -> None:
    session = (await province.session())["session"]["id"]
    other = await province.participant("OTHER")
    assert codes(await province.seated(session, other)) == ["SGLS-PARTICIPANTS"]


async def test_sgls_credit_awaiting_certification_earns_none_then_retroactively_once(
    province: Province,
) -> None:
    staff = province.as_(province.staff)
    series = (
        await staff.mutate(CREATE_SERIES, organizationId=province.office, title="Awaiting CFPC")
    )["series"]
    assert series["awaitingCertification"] is True
    session = (await province.session(series=series["id"], hours=2))["session"]["id"]
    physician = await province.participant()
    await province.seated(session, physician)
    attended = await province.attend(session, physician, "2")
    assert attended["creditEntry"] is None
    assert "CORE-CREDIT-CERTIFICATION" in [r["code"] for r in attended["creditDecision"]["reasons"]]

    certified = await staff.mutate(CERTIFY_SERIES, seriesId=series["id"])
    assert certified["series"]["rate"] == "1.00"
    (entry,) = certified["creditsAwarded"]
    assert Decimal(entry["amount"]) == Decimal(2)

    again = await staff.payload(CERTIFY_SERIES, seriesId=series["id"])
    assert codes(again) == ["SGLS-CREDIT"]


MY_REGISTRATIONS = """
{ pspMyRegistrations { seated waitlisted position session { id } } }"""


async def test_sgls_capacity_participant_sees_only_their_own_registrations(
    province: Province,
) -> None:
    session = (await province.session(capacity=1))["session"]["id"]
    first, second = await province.participant(), await province.participant()
    await province.seated(session, first)
    await province.seated(session, second)
    mine = (await province.as_(first).data(MY_REGISTRATIONS))["pspMyRegistrations"]
    theirs = (await province.as_(second).data(MY_REGISTRATIONS))["pspMyRegistrations"]
    assert mine == [
        {"seated": True, "waitlisted": False, "position": None, "session": {"id": session}}
    ]
    assert theirs == [
        {"seated": False, "waitlisted": True, "position": 1, "session": {"id": session}}
    ]


SESSIONS_LIST = """
query($division: ID!) {
  pspSessions(divisionId: $division, first: 50) {
    nodes { id objectives activity { title capacity } waitlist { person { id } } }
  }
}"""


async def test_sgls_capacity_session_list_costs_the_same_for_1_or_5_sessions(
    province: Province, database: Database
) -> None:
    await province.session()
    client = province.as_(province.coordinator)
    with counting_statements(database) as one:
        first = await client.data(SESSIONS_LIST, {"division": province.division})
    for _ in range(4):
        await province.session()
    with counting_statements(database) as five:
        more = await client.data(SESSIONS_LIST, {"division": province.division})
    assert len(first["pspSessions"]["nodes"]) == 1
    assert len(more["pspSessions"]["nodes"]) == 5
    assert len(five) == len(one)


async def test_sgls_capacity_eligibility_says_seats_left_or_waitlist(province: Province) -> None:
    made = (await province.session(capacity=1))["session"]
    activity, session = made["activity"]["id"], made["id"]
    first, second = await province.participant(), await province.participant()
    ask = {"action": "core.activity.register", "subject": activity}
    coordinator = province.as_(province.coordinator)
    before = (await coordinator.data(ELIGIBILITY, {**ask, "person": first}))["eligibility"]
    assert before["allowed"] is True
    assert "1 of 1 seats are left." in [r["message"] for r in before["reasons"]]
    await province.seated(session, first)
    full = (await coordinator.data(ELIGIBILITY, {**ask, "person": second}))["eligibility"]
    assert any("joins the waitlist" in r["message"] for r in full["reasons"])
    other = await province.participant("OTHER")
    refused = (await coordinator.data(ELIGIBILITY, {**ask, "person": other}))["eligibility"]
    assert refused["allowed"] is False
    assert "SGLS-PARTICIPANTS" in [r["code"] for r in refused["reasons"] if not r["allowed"]]
