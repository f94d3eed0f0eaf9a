"""The whole small group learning workflow through GraphQL, as each role, on SQLite and
PostgreSQL: a doctor proposes a topic, the provincial office themes a series awaiting
certification and selects it, the coordinator schedules a session, a physician and an MOA
register and attend, the certification arrives (credits retroactively, SGLS-CREDIT), the
physician submits an action plan and is paid once (SGLS-ACTION-PLAN), a peer mentor visits
the practice (SGLS-VISITS), the questionnaire falls due two months later (the day before, no
certificate; after it is in, the certificate: SGLS-QUESTIONNAIRE, SGLS-CERTIFICATE, an injected
clock), funding is spent (SGLS-FUNDING), and the provincial office reads the aggregate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from core.due_items.calendar import add_months
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.psp_support import (
    AGGREGATE,
    AGGREGATE_CSV,
    ANSWER,
    CERTIFICATE,
    CERTIFY_SERIES,
    CREATE_SERIES,
    LOG_VISIT,
    PAY,
    PAYMENTS_DUE_CSV,
    PROPOSE,
    SELECT_TOPIC,
    VISITS,
    allocate,
    build_province,
    codes,
    reflection,
    spend,
    submit_action_plan,
)


async def test_sgls_workflow_end_to_end(
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[int | str | None], GraphQLClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = await build_province(gql, make, client_for, certified=False)
    staff, coordinator, mentor = p.as_(p.staff), p.as_(p.coordinator), p.as_(p.mentor)
    physician, moa = await p.participant(), await p.participant("MOA")

    # 1. A doctor proposes a topic; GPSC themes a series (awaiting CFPC) and selects it.
    topic = await p.as_(physician).mutate(
        PROPOSE, organizationId=p.division, title="Screening with the EMR"
    )
    series = (
        await staff.mutate(
            CREATE_SERIES, organizationId=p.office, title="QI makes practice life easier"
        )
    )["series"]
    assert series["awaitingCertification"] is True
    selected = await staff.mutate(SELECT_TOPIC, topicId=topic["topic"]["id"], seriesId=series["id"])
    assert selected["topic"]["seriesId"] == series["id"]

    # 2-4. The coordinator schedules; physician and MOA register; attendance is recorded.
    start = datetime(2026, 2, 10, 18, 0, tzinfo=UTC)
    session = (await p.session(starts_at=start, hours=2, series=series["id"]))["session"]["id"]
    for person in (physician, moa):
        assert (await p.seated(session, person))["registration"]["seated"] is True
    attended = await p.attend(session, physician, "2")
    assert attended["creditEntry"] is None  # awaiting certification
    assert (await p.attend(session, moa, "2"))["creditEntry"] is None

    # 7. The certification arrives: the physician is credited retroactively, the MOA never.
    certified = await staff.mutate(CERTIFY_SERIES, seriesId=series["id"])
    assert [e["amount"] for e in certified["creditsAwarded"]] == ["2.00"]

    # 5. Action plan, then payment, once; the MOA is not paid.
    assert codes(
        await coordinator.payload(PAY, sessionId=session, personId=physician, amount="200.00")
    ) == ["SGLS-ACTION-PLAN"]
    due_csv = (await staff.data(PAYMENTS_DUE_CSV, {"org": p.office}))["pspPaymentsDueCsv"]
    assert due_csv.count("\n") == 1  # the header only
    plan = await submit_action_plan(p, session, physician)
    due_csv = (await staff.data(PAYMENTS_DUE_CSV, {"org": p.office}))["pspPaymentsDueCsv"]
    assert due_csv.count("\n") == 2
    allocation = await allocate(p, amount="1000.00")
    paid = await coordinator.payload(
        PAY, sessionId=session, personId=physician, amount="200.00", allocationId=allocation
    )
    assert paid["errors"] == []
    assert codes(
        await coordinator.payload(PAY, sessionId=session, personId=moa, amount="1.00")
    ) == ["SGLS-ACTION-PLAN"]

    # 8. The peer mentor visits the practice against the action plan.
    visit_day = (start + timedelta(days=20)).date().isoformat()
    visit = await mentor.payload(
        LOG_VISIT,
        sessionId=session,
        planId=plan["id"],
        practice="Main St Clinic",
        visitedOn=visit_day,
    )
    assert visit["errors"] == []
    early = await mentor.payload(
        LOG_VISIT,
        sessionId=session,
        planId=plan["id"],
        practice="Main St Clinic",
        visitedOn="2026-01-01",
    )
    assert codes(early) == ["SGLS-VISITS"]
    assert len((await p.as_(physician).data(VISITS, {"session": session}))["pspVisits"]) == 1
    assert (await p.as_(moa).data(VISITS, {"session": session}))["pspVisits"] == []

    # 6. Two months later: the day before, no questionnaire and no certificate; then both.
    due = add_months(start.date(), 2)
    monkeypatch.setattr("plugins.psp_sgls.clock.today", lambda: due - timedelta(days=1))
    doctor = p.as_(physician)
    assert codes(await doctor.payload(ANSWER, **reflection(session))) == ["SGLS-QUESTIONNAIRE"]
    assert codes(await doctor.payload(CERTIFICATE, sessionId=session, personId=physician)) == [
        "SGLS-CERTIFICATE"
    ]
    monkeypatch.setattr("plugins.psp_sgls.clock.today", lambda: due)
    assert (await doctor.payload(ANSWER, **reflection(session)))["errors"] == []
    certificate = await doctor.payload(CERTIFICATE, sessionId=session, personId=physician)
    assert certificate["certificate"]["credits"] == "2.00"
    document = await doctor.http.get(
        certificate["certificate"]["downloadPath"], headers=doctor.headers
    )
    assert (document.status_code, document.headers["content-type"]) == (200, "application/pdf")

    # 9. Funding: catering, within the allocation.
    assert (await spend(p, allocation, "150.00", "CATERING"))["errors"] == []

    # 10. The provincial office's aggregate and its CSV.
    aggregate = (await staff.data(AGGREGATE, {"org": p.office}))["pspAggregate"]
    (row,) = aggregate["rows"]
    assert {
        k: row[k] for k in ("sessions", "physicians", "moas", "actionPlans", "questionnaires")
    } == {
        "sessions": 1,
        "physicians": 1,
        "moas": 1,
        "actionPlans": 1,
        "questionnaires": 1,
    }
    assert (row["credits"], row["payments"], row["paid"]) == ("2.00", 1, "200.00")
    (division,) = aggregate["divisions"]
    assert (division["certificates"], division["fundsSpent"]) == (1, "350.00")
    exported = (await staff.data(AGGREGATE_CSV, {"org": p.office}))["pspAggregateCsv"]
    assert exported.splitlines()[0].startswith("division,series,sessions")
    assert len(exported.splitlines()) == 2

    # Permissions: a participant sees no aggregate; another division's coordinator neither.
    for outsider in (physician, p.other_coordinator):
        body = await p.as_(outsider).execute(AGGREGATE, {"org": p.division})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
