"""Corrections under pressure and at the edges: two corrections of one attendance at once, a
reason too long for the ledger, a program's entries reversed around it, activities and
quarters at the ends of the calendar, and a partial answer that must not be retried whole."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from core.db import Database
from core.people import service as directory
from core.people.models import Organization
from tests.factories import CREATE_ACTIVITY, Factory, unique
from tests.faults_support import count_rows
from tests.graphql_client import GraphQLClient
from tests.pw_factories import ASSIGN_ROLE, PwFactory
from tests.pw_support import ATTEND, QUARTERLY, _ago, _call, _log
from tests.pw_support import _total as pw_total
from tests.test_corrections import LEDGER, RECORD, REVERSE, WITHDRAW

PW_WITHDRAW_ATTENDANCE = """
mutation($input: WithdrawAttendanceInput!) {
  pwWithdrawCallAttendance(input: $input) { reversals { amount } errors { code field message } }
}"""

CORRECT = """
mutation($input: CorrectAttendanceInput!) {
  correctAttendance(input: $input) { participation { id } errors { code field message } }
}"""


async def _attended(gql: GraphQLClient, make: Factory, hours: str = "2") -> tuple[str, dict]:
    person = await make.person()
    activity = await make.activity(hours=Decimal(hours))
    return person, await gql.mutate(RECORD, activityId=activity, personId=person, hours=hours)


async def _total(gql: GraphQLClient, person: str) -> Decimal:
    return Decimal((await gql.data(LEDGER, {"id": person}))["transcript"]["total"])


async def test_core_participation_withdrawn_and_corrected_at_once_leaves_no_live_credit(
    gql: GraphQLClient, make: Factory
) -> None:
    """Whichever lands first, a withdrawn attendance ends with nothing awarded for it."""
    person, attended = await _attended(gql, make)
    participation = attended["participation"]["id"]

    await asyncio.gather(
        gql.payload(WITHDRAW, participationId=participation, reason="Not there."),
        *(
            gql.payload(CORRECT, participationId=participation, hours="1", reason="Left early.")
            for _ in range(4)
        ),
    )

    assert await _total(gql, person) == 0


async def test_core_participation_withdrawn_twice_at_once_is_withdrawn_once(
    gql: GraphQLClient, make: Factory
) -> None:
    person, attended = await _attended(gql, make)
    participation = attended["participation"]["id"]

    payloads = await asyncio.gather(
        *(gql.payload(WITHDRAW, participationId=participation, reason="No.") for _ in range(5))
    )

    codes = sorted(e["code"] for p in payloads for e in p["errors"])
    assert codes == ["CORE-PARTICIPATION-WITHDRAWN"] * 4
    assert await _total(gql, person) == 0


@pytest.mark.parametrize("mutation", ["reverse", "withdraw"])
async def test_invalid_correction_reason_longer_than_the_ledger_keeps(
    gql: GraphQLClient, make: Factory, mutation: str
) -> None:
    person, attended = await _attended(gql, make)
    long = "Recorded in error. " * 40
    payload = (
        await gql.payload(REVERSE, entryId=attended["creditEntry"]["id"], reason=long)
        if mutation == "reverse"
        else await gql.payload(
            WITHDRAW, participationId=attended["participation"]["id"], reason=long
        )
    )

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", "reason")]
    assert await _total(gql, person) == 6


async def test_core_activity_program_managed_entry_is_not_reversed_around_the_program(
    pw: PwFactory,
) -> None:
    """PW-CREDIT-PEER: a session's credit is withdrawn with the session (pwWithdrawSession),
    never reversed behind it, which would leave the session listed."""
    organization, staff = await pw.ocfp()
    guide, learner = await pw.guide(organization, staff), await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)
    logged = await _log(learner.client, guide, learner, "2", _ago(2))

    payload = await staff.payload(
        REVERSE, entryId=logged["creditEntry"]["id"], reason="Around the program."
    )

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("CORE-ACTIVITY-PROGRAM-MANAGED", "entryId")
    ]


async def test_forbidden_before_core_activity_program_managed_for_another_programs_staff(
    gql: GraphQLClient, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    """Staff of the example program learn only that they may not schedule for Practising
    Well, not how its kinds are managed."""
    organization = await make.organization()
    coordinator = await make.person("OTHER", organization=organization)
    await gql.mutate(
        ASSIGN_ROLE,
        personId=coordinator,
        organizationId=organization,
        program="example",
        role="COORDINATOR",
    )

    body = await client_for(coordinator).execute(
        CREATE_ACTIVITY,
        {
            "input": {
                "organizationId": organization,
                "kind": "ocfp_practising_well.peer_connect",
                "title": "Peer Connect",
                "startsAt": "2024-03-01T17:00:00+00:00",
                "endsAt": "2024-03-01T18:00:00+00:00",
            }
        },
    )

    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


async def test_invalid_activity_longer_than_the_calendar_allows(
    gql: GraphQLClient, make: Factory
) -> None:
    payload = await gql.payload(
        CREATE_ACTIVITY,
        organizationId=await make.organization(),
        kind="example.workshop",
        title=unique("Endless"),
        startsAt="0001-01-02T00:00:00+00:00",
        endsAt="9999-12-30T00:00:00+00:00",
    )

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", "endsAt")]


@pytest.mark.parametrize("quarter", ["9999-12-31", "9999-10-01"])
async def test_pw_reporting_quarter_at_the_end_of_the_calendar_is_refused(
    pw: PwFactory, quarter: str
) -> None:
    organization, staff = await pw.ocfp()

    payload = await staff.payload(QUARTERLY, organizationId=organization, quarter=quarter)

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("PW-REPORTING", "quarter")]


async def test_service_unavailable_after_a_committed_mutation_is_not_retried_whole(
    gql: GraphQLClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first mutation committed, then the database went away: HTTP 200, so a client
    retrying on 503 does not create the first organization twice."""
    real = directory.create_organization
    calls = 0

    async def second_loses_the_connection(*args: Any, **kwargs: Any) -> Organization:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OperationalError("INSERT ...", None, ConnectionResetError("connection lost"))
        return await real(*args, **kwargs)

    monkeypatch.setattr(directory, "create_organization", second_loses_the_connection)
    first, second = unique("Org"), unique("Org")
    document = """
    mutation($a: CreateOrganizationInput!, $b: CreateOrganizationInput!) {
      a: createOrganization(input: $a) { organization { id } }
      b: createOrganization(input: $b) { organization { id } }
    }"""
    variables = {"a": {"name": first, "kind": "clinic"}, "b": {"name": second, "kind": "clinic"}}

    response = await gql.http.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers=gql.headers,
    )

    assert response.status_code == 200
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
    assert (
        await count_rows(database, Organization, Organization.name == first),
        await count_rows(database, Organization, Organization.name == second),
    ) == (1, 0)


async def test_pw_credit_cop_withdrawn_call_gives_back_what_the_cap_cut(pw: PwFactory) -> None:
    """PW-CREDIT-COP caps calls at 12 credits: seven 2-hour calls earn 2 x 6 + 0. Withdrawing
    the first leaves six calls, 12 credits, the seventh regaining its 2."""
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    calls = [await _call(staff, organization, hours=2, day=_ago(40 - n)) for n in range(7)]
    attended = [
        await staff.mutate(ATTEND, callId=call, learnerId=learner.person, hours="2")
        for call in calls
    ]
    assert [Decimal(a["creditEntry"]["amount"]) for a in attended] == [2] * 6 + [0]

    await staff.mutate(
        PW_WITHDRAW_ATTENDANCE,
        participationId=attended[0]["participation"]["id"],
        reason="Was not on the call.",
    )

    assert await pw_total(learner.client, learner.person) == 12
