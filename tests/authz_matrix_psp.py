"""The authorization matrix's rows for the small group learning sessions program (psp_sgls).

Organization A stands for a division (and its provincial office: its coordinator C is staff
of every program there). Each case works on fresh series, sessions and participants of A made
by the platform admin, so cases do not depend on one another. A division's staff run its
sessions, payments, certificates and funding; its people (P, Q, the guide G) propose topics;
coordinators and peer mentors (G) log support visits; S, staff of B, reaches none of it.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.authz_outcomes import (
    DENY,
    GUIDE_OR_STAFF_OF_A,
    SIGNED_IN,
    STAFF_OF_A,
    Entry,
    inputs,
    mutation,
)
from tests.authz_world import World
from tests.factories import unique
from tests.psp_support import (
    ALLOCATE,
    ANSWER,
    ATTEND,
    CERTIFY_SERIES,
    CREATE_SERIES,
    PROPOSE,
    REGISTER,
    SCHEDULE,
    SLUG,
    reflection,
    submit_plan_of,
)

_years = itertools.count(2300)
HELD = datetime(2024, 5, 1, 17, 0, tzinfo=UTC)
PEOPLE_OF_A = {**SIGNED_IN, "staff_b": DENY}


async def series_in_a(w: World, certified: bool = True) -> str:
    payload = await w.gql.mutate(CREATE_SERIES, organizationId=w.ids["A"], title=unique("Series"))
    series = payload["series"]["id"]
    if certified:
        await w.gql.mutate(CERTIFY_SERIES, seriesId=series)
    return series


async def session_in_a(w: World) -> str:
    payload = await w.gql.mutate(
        SCHEDULE,
        seriesId=await series_in_a(w),
        divisionId=w.ids["A"],
        title=unique("Session"),
        objectives="Plan a recall for overdue screening.",
        startsAt=HELD.isoformat(),
        endsAt=(HELD + timedelta(hours=2)).isoformat(),
    )
    return payload["session"]["id"]


async def seated(w: World, attended: bool = False) -> tuple[str, str]:
    session, person = await session_in_a(w), await w.person_in("A")
    await w.gql.mutate(REGISTER, sessionId=session, personId=person)
    if attended:
        await w.gql.mutate(ATTEND, sessionId=session, personId=person, hours="2")
    return session, person


async def new_series(w: World, caller: str) -> dict[str, Any]:
    return {"organizationId": w.ids["A"], "title": unique("Series")}


async def fresh_series(w: World, caller: str) -> dict[str, Any]:
    return {"seriesId": await series_in_a(w), "theme": "QI", "content": "Adapted."}


async def awaiting_series(w: World, caller: str) -> dict[str, Any]:
    return {"seriesId": await series_in_a(w, certified=False)}


async def topic_for_a(w: World, caller: str) -> dict[str, Any]:
    return {"organizationId": w.ids["A"], "title": unique("Topic")}


async def topic_to_select(w: World, caller: str) -> dict[str, Any]:
    topic = await w.gql.mutate(PROPOSE, organizationId=w.ids["A"], title=unique("Topic"))
    return {"topicId": topic["topic"]["id"], "seriesId": await series_in_a(w)}


async def session_to_schedule(w: World, caller: str) -> dict[str, Any]:
    return {
        "seriesId": await series_in_a(w),
        "divisionId": w.ids["A"],
        "title": unique("Session"),
        "objectives": "Plan a recall.",
        "startsAt": HELD.isoformat(),
        "endsAt": (HELD + timedelta(hours=2)).isoformat(),
    }


async def someone_to_register(w: World, caller: str) -> dict[str, Any]:
    return {"sessionId": await session_in_a(w), "personId": await w.person_in("A")}


async def someone_seated(w: World, caller: str) -> dict[str, Any]:
    session, person = await seated(w)
    return {"sessionId": session, "personId": person}


async def someone_seated_hours(w: World, caller: str) -> dict[str, Any]:
    return {**await someone_seated(w, caller), "hours": "2"}


async def planned(w: World) -> tuple[str, str, dict[str, Any]]:
    session, person = await seated(w, attended=True)
    plan = await submit_plan_of(w.client_for(person), session, person, w.ids["A"])
    return session, person, plan


async def payment_due(w: World, caller: str) -> dict[str, Any]:
    session, person, _ = await planned(w)
    return {"sessionId": session, "personId": person, "amount": "100.00"}


async def certificate_due(w: World, caller: str) -> dict[str, Any]:
    session, person = await seated(w, attended=True)
    await w.client_for(person).mutate(ANSWER, **reflection(session))
    return {"sessionId": session, "personId": person}


async def visit_due(w: World, caller: str) -> dict[str, Any]:
    session, _, plan = await planned(w)
    return {
        "sessionId": session,
        "planId": plan["id"],
        "practice": "Main St Clinic",
        "visitedOn": (HELD + timedelta(days=10)).date().isoformat(),
    }


async def funding_to_spend(w: World, caller: str) -> dict[str, Any]:
    year = next(_years)
    allocation = await w.gql.mutate(
        ALLOCATE,
        ownerId=w.ids["A"],
        program=SLUG,
        title=unique("Division funding"),
        periodStart=f"{year}-01-01",
        periodEnd=f"{year}-12-31",
        amount="500.00",
        currency="CAD",
    )
    return {
        "allocationId": allocation["allocation"]["id"],
        "category": "CATERING",
        "amount": "10.00",
        "spentOn": f"{year}-02-01",
    }


async def organization_a(w: World, caller: str) -> dict[str, Any]:
    return {"org": w.ids["A"]}


async def session_of_a(w: World, caller: str) -> dict[str, Any]:
    return {"session": await session_in_a(w)}


async def no_variables(w: World, caller: str) -> dict[str, Any]:
    return {}


PSP_MATRIX: dict[str, Entry] = {
    "pspSeries": Entry("{ pspSeries { title } }", no_variables, SIGNED_IN),
    "pspTopics": Entry("{ pspTopics { title } }", no_variables, SIGNED_IN),
    "pspSessions": Entry(
        "{ pspSessions(first: 5) { nodes { objectives } } }", no_variables, SIGNED_IN
    ),
    "pspMyRegistrations": Entry(
        "{ pspMyRegistrations { seated position } }", no_variables, SIGNED_IN
    ),
    "pspRegistrationEligibility": Entry(
        "query($session: ID!) { pspRegistrationEligibility(sessionId: $session) { allowed } }",
        session_of_a,
        PEOPLE_OF_A,
    ),
    "pspVisits": Entry(
        "query($session: ID!) { pspVisits(sessionId: $session) { practice } }",
        session_of_a,
        SIGNED_IN,
    ),
    "pspAggregate": Entry(
        "query($org: ID!) { pspAggregate(organizationId: $org) { rows { sessions } } }",
        organization_a,
        STAFF_OF_A,
    ),
    "pspAggregateCsv": Entry(
        "query($org: ID!) { pspAggregateCsv(organizationId: $org) }", organization_a, STAFF_OF_A
    ),
    "pspPaymentsDueCsv": Entry(
        "query($org: ID!) { pspPaymentsDueCsv(organizationId: $org) }",
        organization_a,
        STAFF_OF_A,
    ),
    "pspCreateSeries": Entry(
        mutation("pspCreateSeries", "PspCreateSeriesInput", "series { title }"),
        inputs(new_series),
        STAFF_OF_A,
    ),
    "pspAdaptSeries": Entry(
        mutation("pspAdaptSeries", "PspAdaptSeriesInput", "series { title }"),
        inputs(fresh_series),
        STAFF_OF_A,
    ),
    "pspCertifySeries": Entry(
        mutation("pspCertifySeries", "PspCertifySeriesInput", "series { title }"),
        inputs(awaiting_series),
        STAFF_OF_A,
    ),
    "pspProposeTopic": Entry(
        mutation("pspProposeTopic", "PspProposeTopicInput", "topic { title }"),
        inputs(topic_for_a),
        PEOPLE_OF_A,
    ),
    "pspSelectTopic": Entry(
        mutation("pspSelectTopic", "PspSelectTopicInput", "topic { title }"),
        inputs(topic_to_select),
        STAFF_OF_A,
    ),
    "pspScheduleSession": Entry(
        mutation("pspScheduleSession", "PspScheduleSessionInput", "session { objectives }"),
        inputs(session_to_schedule),
        STAFF_OF_A,
    ),
    "pspRegister": Entry(
        mutation("pspRegister", "PspRegisterInput", "registration { seated }"),
        inputs(someone_to_register),
        STAFF_OF_A,
    ),
    "pspCancelRegistration": Entry(
        mutation("pspCancelRegistration", "PspRegisterInput", "registration { seated }"),
        inputs(someone_seated),
        STAFF_OF_A,
    ),
    "pspRecordAttendance": Entry(
        mutation("pspRecordAttendance", "PspRecordAttendanceInput", "participation { hours }"),
        inputs(someone_seated_hours),
        STAFF_OF_A,
    ),
    "pspRecordPayment": Entry(
        mutation("pspRecordPayment", "PspRecordPaymentInput", "payment { amount }"),
        inputs(payment_due),
        STAFF_OF_A,
    ),
    "pspIssueCertificate": Entry(
        mutation("pspIssueCertificate", "PspIssueCertificateInput", "certificate { credits }"),
        inputs(certificate_due),
        STAFF_OF_A,
    ),
    "pspSpendDivisionFunding": Entry(
        mutation("pspSpendDivisionFunding", "PspSpendInput", "allocation { left }"),
        inputs(funding_to_spend),
        STAFF_OF_A,
    ),
    "pspLogVisit": Entry(
        mutation("pspLogVisit", "PspLogVisitInput", "visit { practice }"),
        inputs(visit_due),
        GUIDE_OR_STAFF_OF_A,
    ),
}
