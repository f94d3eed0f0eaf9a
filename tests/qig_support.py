"""Documents and helpers for CPSO QI Groups' tests and authorization matrix rows: a CPSO
organization with its program staff, selected members forming groups, peers accepting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from tests.authz_documents import ASSIGN_ROLE
from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient
from tests.invitation_support import ACCEPT, EMAIL_OF, INVITE

SLUG = "cpso_qi_groups"
ERRORS = "errors { code field message }"
ACTIVITIES = ("QI_SURVEY", "PRACTICE_PROFILE", "CHART_REVIEW", "DATA_DRIVEN_QI")
PIP_FIELDS = (
    "id groupId state version strengths improvements goals { id specific targetDate term selfCare }"
)
PROGRESS_FIELDS = (
    "groupId name capacity basis basisDescription pipId pipState supportRequests "
    "openSupportRequests members { personId name role completed missing }"
)

SELECT = f"""
mutation($input: QigSelectMembersInput!) {{
  qigSelectMembers(input: $input) {{ selections {{ personId cycle }} {ERRORS} }}
}}"""
FORM = f"""
mutation($input: QigFormGroupInput!) {{
  qigFormGroup(input: $input) {{ group {{ id name capacity placesLeft }} {ERRORS} }}
}}"""
LEAVE = f"""
mutation($input: QigLeaveGroupInput!) {{
  qigLeaveGroup(input: $input) {{ membership {{ status }} {ERRORS} }}
}}"""
RECORD = f"""
mutation($input: QigRecordActivityInput!) {{
  qigRecordActivity(input: $input) {{ records {{ activity completedOn minutesSpent answers }}
    {ERRORS} }}
}}"""
RECORDS = """
query($group: ID!, $person: ID!) {
  qigActivityRecords(groupId: $group, personId: $person) { activity minutesSpent answers }
}"""
PROGRESS = f"query($group: ID!) {{ qigGroupProgress(groupId: $group) {{ {PROGRESS_FIELDS} }} }}"
GROUPS = f"query($org: ID!) {{ qigGroups(organizationId: $org) {{ {PROGRESS_FIELDS} }} }}"
SELECTIONS = """
query($org: ID!, $cycle: String!) { qigSelections(organizationId: $org, cycle: $cycle) {
  personId cycle } }"""


def _pip_mutation(name: str) -> str:
    field_name = "qig" + name
    return f"""
mutation($input: Qig{name}Input!) {{
  {field_name}(input: $input) {{ pip {{ {PIP_FIELDS} }} {ERRORS} }}
}}"""


START_PIP, UPDATE_PIP, ADD_GOAL, UPDATE_GOAL, REMOVE_GOAL, SUBMIT_PIP = (
    _pip_mutation(n)
    for n in (
        "StartPip",
        "UpdatePip",
        "AddPipGoal",
        "UpdatePipGoal",
        "RemovePipGoal",
        "SubmitPip",
    )
)
PIP = f"query($group: ID!) {{ qigPip(groupId: $group) {{ {PIP_FIELDS} }} }}"
ELIGIBILITY = """
query($group: ID!) { qigPipEligibility(groupId: $group) {
  eligible missing { personId name activities } reasons { code message } } }"""
REVIEW = f"""
mutation($input: ReviewPlanInput!) {{
  reviewPlan(input: $input) {{ plan {{ id state version }} {ERRORS} }}
}}"""
STATUS = """
query($person: ID!) { qigQualityStatus(personId: $person) {
  metUntil total completions { groupId completedOn metUntil }
  claims { amount creditType earnedOn explanation } } }"""
REQUEST_SUPPORT = f"""
mutation($input: QigRequestSupportInput!) {{
  qigRequestSupport(input: $input) {{ request {{ id advisor question answer }} {ERRORS} }}
}}"""
ANSWER_SUPPORT = f"""
mutation($input: QigAnswerSupportInput!) {{
  qigAnswerSupport(input: $input) {{ request {{ id advisor question answer answeredAt }}
    {ERRORS} }}
}}"""
SUPPORT_REQUESTS = """
query($group: ID!) { qigSupportRequests(groupId: $group) { id advisor question answer } }"""


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def five_years_after(day: date) -> date:
    """QIG-COMPLETE's default term, counted by hand: 29 February has no twin five years on,
    so it ends on the 28th."""
    leap_day = (day.month, day.day) == (2, 29)
    return day.replace(year=day.year + 5, day=28 if leap_day else day.day)


def yesterday() -> str:
    return (date.today() - timedelta(days=1)).isoformat()


def goal(days: int = 60, self_care: bool = False, **parts: Any) -> dict[str, Any]:
    return {
        "specific": "Offer cervical screening to every eligible patient due this year.",
        "measurable": "Share screened, from the EMR, each month.",
        "achievable": "The MOA flags the due list weekly.",
        "relevant": "Our screening rate is below the provincial average.",
        "targetDate": (date.today() + timedelta(days=days)).isoformat(),
        "term": "SHORT",
        "selfCare": self_care,
    } | parts


@dataclass
class QigGroup:
    """A formed group: its global ID, the lead's client, and every member's (person, client)."""

    id: str
    lead: tuple[str, GraphQLClient]
    members: list[tuple[str, GraphQLClient]] = field(default_factory=list)

    @property
    def everyone(self) -> list[tuple[str, GraphQLClient]]:
        return [self.lead, *self.members]


@dataclass
class Qig:
    """CPSO (an organization), its program staff, and helpers acting through the API."""

    gql: GraphQLClient
    make: Factory
    client_for: Callable[[int | str | None], GraphQLClient]
    organization: str
    staff: GraphQLClient
    staff_person: str

    async def person(self) -> tuple[str, GraphQLClient]:
        person = await self.make.person(organization=self.organization)
        return person, self.client_for(person)

    async def selected(self, cycle: str = "2026") -> tuple[str, GraphQLClient]:
        person, client = await self.person()
        await self.staff.mutate(
            SELECT, organizationId=self.organization, cycle=cycle, personIds=[person]
        )
        return person, client

    async def form(self, client: GraphQLClient, **fields: Any) -> dict[str, Any]:
        values = {
            "organizationId": self.organization,
            "name": unique("QI group"),
            "basis": "PRACTICE_SETTING",
        } | fields
        return await client.payload(FORM, **values)

    async def invite(self, lead: GraphQLClient, group: str, person: str) -> dict[str, Any]:
        email = (await self.gql.data(EMAIL_OF, {"id": person}))["node"]["email"]
        return await lead.payload(INVITE, groupId=group, email=email)

    async def group(self, peers: int = 1) -> QigGroup:
        """A selected lead's group with ``peers`` peers who accepted."""
        lead = await self.selected()
        group = QigGroup((await self.form(lead[1]))["group"]["id"], lead)
        for _ in range(peers):
            peer = await self.person()
            invitation = (await self.invite(lead[1], group.id, peer[0]))["invitation"]["id"]
            await peer[1].mutate(ACCEPT, invitationId=invitation)
            group.members.append(peer)
        return group

    async def complete(self, client: GraphQLClient, group: str, *activities: str) -> None:
        for activity in activities or ACTIVITIES:
            await client.mutate(
                RECORD,
                groupId=group,
                activity=activity,
                completedOn=yesterday(),
                minutesSpent=40,
                answers=f"My private notes on {activity}.",
            )

    async def pip(self, client: GraphQLClient, group: str, goals: int = 2) -> dict[str, Any]:
        """A started PIP with strengths, improvements and ``goals`` goals."""
        pip = (await client.mutate(START_PIP, groupId=group))["pip"]
        pip = (
            await client.mutate(
                UPDATE_PIP,
                planId=pip["id"],
                version=pip["version"],
                strengths="Continuity of care; a stable team.",
                improvements="Preventive screening; chronic disease follow-up.",
            )
        )["pip"]
        for _ in range(goals):
            pip = (
                await client.mutate(ADD_GOAL, planId=pip["id"], version=pip["version"], **goal())
            )["pip"]
        return pip

    async def submitted(self, peers: int = 1) -> tuple[QigGroup, dict[str, Any]]:
        group = await self.group(peers)
        for _, client in group.everyone:
            await self.complete(client, group.id)
        pip = await self.pip(group.lead[1], group.id)
        pip = (await group.lead[1].mutate(SUBMIT_PIP, planId=pip["id"], version=pip["version"]))[
            "pip"
        ]
        return group, pip


async def qig_world(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Qig:
    organization = await make.organization("college")
    staff = await make.person(organization=organization)
    await gql.mutate(
        ASSIGN_ROLE,
        personId=staff,
        organizationId=organization,
        program=SLUG,
        role="PROGRAM_STAFF",
    )
    return Qig(gql, make, client_for, organization, client_for(staff), staff)


@pytest.fixture(name="qig")
async def qig_fixture(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Qig:
    """CPSO's world for one test (import ``qig_fixture`` to use it as ``qig``)."""
    return await qig_world(gql, make, client_for)
