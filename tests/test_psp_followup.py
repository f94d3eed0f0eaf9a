"""After the session, through the GraphQL API on SQLite and PostgreSQL: payment only after the
action plan and once, also under 20 concurrent requests (SGLS-ACTION-PLAN); the questionnaire
two months after the session (SGLS-QUESTIONNAIRE, an injected clock); the certificate only
after it (SGLS-CERTIFICATE); MOAs not paid (SGLS-PARTICIPANTS)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from core.due_items.calendar import add_months
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.psp_support import (
    ANSWER,
    CERTIFICATE,
    ELIGIBILITY,
    MY_DUE,
    PAY,
    Province,
    build_province,
    codes,
    reflection,
    submit_action_plan,
)

CONCURRENT = 20


@pytest.fixture
async def province(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Province:
    return await build_province(gql, make, client_for)


async def attended_session(province: Province, profession: str = "FAMILY_PHYSICIAN", **kw):  # type: ignore[no-untyped-def]
    session = (await province.session(**kw))["session"]["id"]
    person = await province.participant(profession)
    assert (await province.seated(session, person))["errors"] == []
    assert (await province.attend(session, person))["errors"] == []
    return session, person


def pay(province: Province, session: str, person: str, amount: str = "300.00"):  # type: ignore[no-untyped-def]
    return province.as_(province.coordinator).payload(
        PAY, sessionId=session, personId=person, amount=amount
    )


async def test_sgls_action_plan_payment_only_after_the_plan_and_once(province: Province) -> None:
    session, physician = await attended_session(province)
    ask = {"person": physician, "action": "psp_sgls.pay", "subject": session}
    before = (await province.as_(province.coordinator).data(ELIGIBILITY, ask))["eligibility"]
    assert before["allowed"] is False
    assert "action plan" in before["reasons"][0]["message"]
    refused = await pay(province, session, physician)
    assert codes(refused) == ["SGLS-ACTION-PLAN"]

    plan = await submit_action_plan(province, session, physician)
    assert plan["state"] == "SUBMITTED"
    after = (await province.as_(province.coordinator).data(ELIGIBILITY, ask))["eligibility"]
    assert after["allowed"] is True
    paid = await pay(province, session, physician)
    assert paid["errors"] == []
    assert paid["payment"]["amount"] == "300.00"
    again = await pay(province, session, physician)
    assert codes(again) == ["SGLS-ACTION-PLAN"]
    assert "paid once" in again["errors"][0]["message"]


async def test_sgls_action_plan_payment_recorded_once_under_concurrency(
    province: Province,
) -> None:
    session, physician = await attended_session(province)
    await submit_action_plan(province, session, physician)
    results = await asyncio.gather(*(pay(province, session, physician) for _ in range(CONCURRENT)))
    assert len([r for r in results if not r["errors"]]) == 1
    assert {c for r in results for c in codes(r)} <= {"SGLS-ACTION-PLAN", "UNIQUE"}


async def test_sgls_participants_moa_is_not_paid(province: Province) -> None:
    session, moa = await attended_session(province, "MOA")
    refused = await pay(province, session, moa)
    assert codes(refused) == ["SGLS-ACTION-PLAN"]
    assert "Only physicians" in refused["errors"][0]["message"]


async def test_sgls_action_plan_other_division_coordinator_cannot_pay(province: Province) -> None:
    session, physician = await attended_session(province)
    await submit_action_plan(province, session, physician)
    body = await province.as_(province.other_coordinator).execute(
        PAY, {"input": {"sessionId": session, "personId": physician, "amount": "1.00"}}
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_sgls_questionnaire_falls_due_two_months_after_and_certificate_follows(
    province: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = datetime(2026, 1, 15, 17, 0, tzinfo=UTC)
    session, physician = await attended_session(province, starts_at=start)
    due = add_months(start.date(), 2)
    client = province.as_(physician)
    items = (await client.data(MY_DUE))["me"]["dueItems"]["nodes"]
    assert [(i["kind"], i["dueOn"]) for i in items] == [("psp_sgls.questionnaire", str(due))]

    day_before = due - timedelta(days=1)
    monkeypatch.setattr("plugins.psp_sgls.clock.today", lambda: day_before)
    early = await client.payload(ANSWER, **reflection(session))
    assert codes(early) == ["SGLS-QUESTIONNAIRE"]
    no_certificate = await client.payload(CERTIFICATE, sessionId=session, personId=physician)
    assert codes(no_certificate) == ["SGLS-CERTIFICATE"]

    monkeypatch.setattr("plugins.psp_sgls.clock.today", lambda: due)
    answered = await client.payload(ANSWER, **reflection(session))
    assert answered["errors"] == []
    items = (await client.data(MY_DUE))["me"]["dueItems"]["nodes"]
    assert items[0]["completedAt"] is not None
    certificate = await client.payload(CERTIFICATE, sessionId=session, personId=physician)
    assert certificate["errors"] == []
    assert certificate["certificate"]["credits"] == "3.00"
    twice = await client.payload(CERTIFICATE, sessionId=session, personId=physician)
    assert twice["certificate"] is None
    assert twice["errors"]


async def test_sgls_certificate_never_for_someone_else(province: Province) -> None:
    session, physician = await attended_session(province)
    other = await province.participant()
    body = await province.as_(other).execute(
        CERTIFICATE, {"input": {"sessionId": session, "personId": physician}}
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_sgls_questionnaire_only_for_who_attended(province: Province) -> None:
    session = (await province.session(starts_at=datetime(2025, 1, 5, tzinfo=UTC)))["session"]["id"]
    stranger = await province.participant()
    refused = await province.as_(stranger).payload(ANSWER, **reflection(session))
    assert codes(refused) == ["SGLS-QUESTIONNAIRE"]
    assert date.today() > date(2025, 3, 5)
