"""A province running small group learning sessions, built through the public API: the
provincial office (GPSC) over a regional support team over two divisions, each division's
coordinator, the office's staff, a peer mentor, and participants of each profession."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.authz_documents import ASSIGN_ROLE
from tests.factories import CREATE_ORGANIZATION, Factory, unique
from tests.graphql_client import GraphQLClient

SLUG = "psp_sgls"
ERRORS = "errors { code field message }"

CREATE_SERIES = f"""
mutation($input: PspCreateSeriesInput!) {{
  pspCreateSeries(input: $input) {{ series {{ id title rate awaitingCertification }} {ERRORS} }}
}}"""

CERTIFY_SERIES = f"""
mutation($input: PspCertifySeriesInput!) {{
  pspCertifySeries(input: $input) {{
    series {{ id rate awaitingCertification }}
    creditsAwarded {{ amount explanation }}
    {ERRORS}
  }}
}}"""

SCHEDULE = f"""
mutation($input: PspScheduleSessionInput!) {{
  pspScheduleSession(input: $input) {{
    session {{ id objectives activity {{ id title capacity hours }} }}
    {ERRORS}
  }}
}}"""

REGISTER = f"""
mutation($input: PspRegisterInput!) {{
  pspRegister(input: $input) {{
    registration {{ seated waitlisted position session {{ id }} }}
    {ERRORS}
  }}
}}"""

CANCEL = f"""
mutation($input: PspRegisterInput!) {{
  pspCancelRegistration(input: $input) {{
    registration {{ seated waitlisted session {{ waitlist {{ person {{ id }} position }} }} }}
    {ERRORS}
  }}
}}"""

ATTEND = f"""
mutation($input: PspRecordAttendanceInput!) {{
  pspRecordAttendance(input: $input) {{
    participation {{ id hours }}
    creditEntry {{ amount explanation }}
    creditDecision {{ allowed reasons {{ code message allowed }} }}
    {ERRORS}
  }}
}}"""

SESSION_WAITLIST = """
query($id: ID!) {
  pspSessions(first: 100) { nodes { id waitlist { person { id } position } } }
}"""


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


@dataclass
class Province:
    gql: GraphQLClient
    make: Factory
    client_for: Callable[[int | str | None], GraphQLClient]
    office: str = ""
    rst: str = ""
    division: str = ""
    other_division: str = ""
    staff: str = ""
    coordinator: str = ""
    other_coordinator: str = ""
    mentor: str = ""
    series: str = ""
    people: dict[str, str] = field(default_factory=dict)

    def as_(self, person: str) -> GraphQLClient:
        return self.client_for(person)

    async def participant(self, profession: str = "FAMILY_PHYSICIAN", division: str = "") -> str:
        return await self.make.person(profession=profession, organization=division or self.division)

    async def session(
        self,
        *,
        starts_at: datetime | None = None,
        hours: int = 3,
        capacity: int | None = None,
        series: str = "",
        division: str = "",
        by: str = "",
    ) -> dict[str, Any]:
        start = starts_at or datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
        payload = await self.as_(by or self.coordinator).payload(
            SCHEDULE,
            seriesId=series or self.series,
            divisionId=division or self.division,
            title=unique("Session"),
            objectives="Use the EMR to find patients due for screening.",
            startsAt=start.isoformat(),
            endsAt=(start + timedelta(hours=hours)).isoformat(),
            place="Division office",
            capacity=capacity,
        )
        return payload

    async def seated(self, session: str, person: str) -> dict[str, Any]:
        return await self.as_(person).payload(REGISTER, sessionId=session, personId=person)

    async def attend(self, session: str, person: str, hours: str = "3") -> dict[str, Any]:
        return await self.as_(self.coordinator).payload(
            ATTEND, sessionId=session, personId=person, hours=hours
        )


async def _organization(gql: GraphQLClient, kind: str, parent: str | None) -> str:
    payload = await gql.mutate(CREATE_ORGANIZATION, name=unique(kind), kind=kind, parentId=parent)
    return payload["organization"]["id"]


async def _role(gql: GraphQLClient, person: str, organization: str, role: str) -> None:
    await gql.mutate(
        ASSIGN_ROLE, personId=person, organizationId=organization, role=role, program=SLUG
    )


async def build_province(
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[int | str | None], GraphQLClient],
    *,
    certified: bool = True,
) -> Province:
    p = Province(gql, make, client_for)
    p.office = await _organization(gql, "provincial_office", None)
    p.rst = await _organization(gql, "rst", p.office)
    p.division = await _organization(gql, "division", p.rst)
    p.other_division = await _organization(gql, "division", p.rst)
    p.staff = await make.person(profession="OTHER", organization=p.office)
    await _role(gql, p.staff, p.office, "PROGRAM_STAFF")
    p.coordinator = await make.person(profession="OTHER", organization=p.division)
    await _role(gql, p.coordinator, p.division, "COORDINATOR")
    p.other_coordinator = await make.person(profession="OTHER", organization=p.other_division)
    await _role(gql, p.other_coordinator, p.other_division, "COORDINATOR")
    p.mentor = await make.person(organization=p.division)
    await _role(gql, p.mentor, p.division, "GUIDE")
    series = await client_for(p.staff).mutate(
        CREATE_SERIES, organizationId=p.office, title=unique("Team-based care"), theme="QI"
    )
    p.series = series["series"]["id"]
    if certified:
        await client_for(p.staff).mutate(CERTIFY_SERIES, seriesId=p.series)
    return p


CREATE_PLAN = f"""
mutation($input: CreatePlanInput!) {{
  createPlan(input: $input) {{ plan {{ id version state }} {ERRORS} }}
}}"""
ADD_GOAL = f"""
mutation($input: AddPlanGoalInput!) {{
  addPlanGoal(input: $input) {{ plan {{ version }} {ERRORS} }}
}}"""
SUBMIT_PLAN = f"""
mutation($input: SubmitPlanInput!) {{
  submitPlan(input: $input) {{ plan {{ id version state }} {ERRORS} }}
}}"""
PAY = f"""
mutation($input: PspRecordPaymentInput!) {{
  pspRecordPayment(input: $input) {{ payment {{ id amount personId }} {ERRORS} }}
}}"""
CERTIFICATE = f"""
mutation($input: PspIssueCertificateInput!) {{
  pspIssueCertificate(input: $input) {{ certificate {{ id credits title downloadPath }} {ERRORS} }}
}}"""
ANSWER = f"""
mutation($input: SubmitQuestionnaireInput!) {{
  submitQuestionnaire(input: $input) {{ submission {{ id }} {ERRORS} }}
}}"""
MY_DUE = """
{ me { dueItems(includeCompleted: true) { nodes { kind dueOn completedAt } } } }"""
ELIGIBILITY = """
query($person: ID!, $action: String!, $subject: ID) {
  eligibility(personId: $person, action: $action, subjectId: $subject) {
    allowed reasons { code message allowed }
  }
}"""
SESSION_NUMBER = """
query { pspSessions(first: 100) { nodes { id number } } }"""


def smart_goal(days: int = 60) -> dict[str, Any]:
    target = (datetime.now(UTC).date() + timedelta(days=days)).isoformat()
    return {
        "specific": "Use the EMR registry from the session to recall patients due for screening.",
        "measurable": "Share of eligible patients screened, monthly from the EMR.",
        "achievable": "The MOA runs the search every Monday.",
        "relevant": "The session showed our screening rate lags the division's.",
        "targetDate": target,
        "term": "SHORT",
    }


async def submit_action_plan(p: Province, session: str, physician: str) -> dict[str, Any]:
    """The physician writes and submits an action plan about the session through core."""
    return await submit_plan_of(p.as_(physician), session, physician, p.division)


async def submit_plan_of(
    client: GraphQLClient, session: str, physician: str, division: str
) -> dict[str, Any]:
    numbers = (await client.data(SESSION_NUMBER))["pspSessions"]["nodes"]
    number = next(n["number"] for n in numbers if n["id"] == session)
    plan = (
        await client.mutate(
            CREATE_PLAN,
            ownerId=physician,
            kind="psp_sgls.action_plan",
            title="Screening recall",
            organizationId=division,
            subjectId=number,
        )
    )["plan"]
    goal = smart_goal()
    added = await client.mutate(ADD_GOAL, planId=plan["id"], version=plan["version"], **goal)
    submitted = await client.mutate(
        SUBMIT_PLAN, planId=plan["id"], version=added["plan"]["version"]
    )
    return submitted["plan"]


def reflection(session: str) -> dict[str, Any]:
    return {
        "program": SLUG,
        "key": "sgls_reflection",
        "subjectId": session,
        "answers": [
            {"question": "changed", "text": "We recall patients monthly."},
            {"question": "action_plan", "choice": "Partly"},
            {"question": "useful", "scale": 5},
        ],
    }


ALLOCATE = f"""
mutation($input: AllocateBudgetInput!) {{
  allocateBudget(input: $input) {{ allocation {{ id amount }} {ERRORS} }}
}}"""
SPEND = f"""
mutation($input: PspSpendInput!) {{
  pspSpendDivisionFunding(input: $input) {{
    entry {{ id category amount }} allocation {{ spent left }} {ERRORS}
  }}
}}"""


async def allocate(p: Province, division: str = "", amount: str = "1000.00") -> str:
    """The provincial office allocates a division its funding for the year, through the RST."""
    payload = await p.as_(p.staff).mutate(
        ALLOCATE,
        ownerId=division or p.division,
        program=SLUG,
        title=unique("Division funding"),
        periodStart="2026-01-01",
        periodEnd="2026-12-31",
        amount=amount,
        currency="CAD",
    )
    return payload["allocation"]["id"]


def spend(p: Province, allocation: str, amount: str, category: str = "CATERING", by: str = ""):  # type: ignore[no-untyped-def]
    return p.as_(by or p.coordinator).payload(
        SPEND,
        allocationId=allocation,
        category=category,
        amount=amount,
        spentOn="2026-03-01",
        note="Session 1",
    )


LOG_VISIT = f"""
mutation($input: PspLogVisitInput!) {{
  pspLogVisit(input: $input) {{ visit {{ id practice visitedOn }} {ERRORS} }}
}}"""
VISITS = """
query($session: ID!) { pspVisits(sessionId: $session) { id practice } }"""
AGGREGATE = """
query($org: ID!) {
  pspAggregate(organizationId: $org) {
    rows { division series sessions physicians moas alliedHealth actionPlans questionnaires
           credits payments paid }
    divisions { division certificates fundsSpent }
  }
}"""
AGGREGATE_CSV = """
query($org: ID!) { pspAggregateCsv(organizationId: $org) }"""
PAYMENTS_DUE_CSV = """
query($org: ID!) { pspPaymentsDueCsv(organizationId: $org) }"""
PROPOSE = f"""
mutation($input: PspProposeTopicInput!) {{
  pspProposeTopic(input: $input) {{ topic {{ id title seriesId }} {ERRORS} }}
}}"""
SELECT_TOPIC = f"""
mutation($input: PspSelectTopicInput!) {{
  pspSelectTopic(input: $input) {{ topic {{ id seriesId }} {ERRORS} }}
}}"""
