"""Makes a learning collaborative through the public API for one test: faculty, a charter,
practice teams formed by their lead and filled by invitation, coaches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.authz_documents import ASSIGN_ROLE
from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient
from tests.invitation_support import ACCEPT, EMAIL_OF, FORM_GROUP, INVITE

TEAM = "learning_collaborative.team"
ERRORS = "errors { code field message }"
CREATE_COLLABORATIVE = f"""
mutation($input: LcCreateCollaborativeInput!) {{
  lcCreateCollaborative(input: $input) {{
    collaborative {{ group {{ id name }} startsOn sharesReports }} {ERRORS}
  }}
}}"""
ADD_GOAL = f"""
mutation($input: LcAddCharterGoalInput!) {{
  lcAddCharterGoal(input: $input) {{ goal {{ id statement }} {ERRORS} }}
}}"""
ADD_MEASURE = f"""
mutation($input: LcAddCharterMeasureInput!) {{
  lcAddCharterMeasure(input: $input) {{
    charterMeasure {{ definition measure {{ id name kind unit direction target }} }} {ERRORS}
  }}
}}"""
CHARTER = """
query($id: ID!) {
  lcCharter(collaborativeId: $id) {
    collaborative { group { id } startsOn }
    goals { statement }
    measures { definition measure { id name direction target } }
  }
}"""
TEAMS = """
query($id: ID!) {
  lcTeams(collaborativeId: $id) {
    group { id name practiceName } complete missing { code message } coach { id }
  }
}"""
ASSIGN_COACH = f"""
mutation($input: LcAssignCoachInput!) {{
  lcAssignCoach(input: $input) {{ team {{ id }} {ERRORS} }}
}}"""


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


@dataclass
class Team:
    id: str
    lead: str
    lead_client: GraphQLClient
    members: list[str] = field(default_factory=list)


@dataclass
class Lc:
    """One collaborative in a fresh organization, run by faculty F."""

    gql: GraphQLClient
    make: Factory
    client_for: Callable[[int | str | None], GraphQLClient]
    organization: str = ""
    faculty: str = ""
    collaborative: str = ""

    @property
    def f(self) -> GraphQLClient:
        return self.client_for(self.faculty)

    async def start(self, starts_on: str = "2026-01-01", shares: bool = False) -> Lc:
        self.organization = await self.make.organization()
        self.faculty = await self.make.person("OTHER", organization=self.organization)
        await self.gql.mutate(
            ASSIGN_ROLE,
            personId=self.faculty,
            organizationId=self.organization,
            role="COORDINATOR",
        )
        payload = await self.f.mutate(
            CREATE_COLLABORATIVE,
            organizationId=self.organization,
            name=unique("Collaborative"),
            startsOn=starts_on,
            facultyId=self.faculty,
            sharesReports=shares,
        )
        self.collaborative = payload["collaborative"]["group"]["id"]
        return self

    async def measure(
        self, kind: str = "RATIO", target: str | None = "0.8", unit: str = "%"
    ) -> dict[str, Any]:
        return await self.f.payload(
            ADD_MEASURE,
            collaborativeId=self.collaborative,
            name=unique("Measure"),
            definition="Patients with a plan over patients seen.",
            kind=kind,
            unit=unit,
            direction="UP",
            target=target,
        )

    async def measure_id(self, kind: str = "RATIO", target: str = "0.8") -> str:
        payload = await self.measure(kind, target)
        assert payload["errors"] == []
        return payload["charterMeasure"]["measure"]["id"]

    async def person(self, profession: str = "FAMILY_PHYSICIAN") -> tuple[str, GraphQLClient]:
        person = await self.make.person(profession, organization=self.organization)
        return person, self.client_for(person)

    async def team(self, *professions: str) -> Team:
        """A team its physician lead formed, joined by invitees of ``professions``."""
        lead, client = await self.person()
        payload = await client.mutate(
            FORM_GROUP,
            organizationId=self.organization,
            kind=TEAM,
            name=unique("Team"),
            parentId=self.collaborative,
            practiceName=unique("Clinic"),
        )
        team = Team(payload["group"]["id"], lead, client, [lead])
        for profession in professions:
            person, invitee = await self.person(profession)
            email = (await self.gql.data(EMAIL_OF, {"id": person}))["node"]["email"]
            invitation = await client.mutate(INVITE, groupId=team.id, email=email)
            await invitee.mutate(ACCEPT, invitationId=invitation["invitation"]["id"])
            team.members.append(person)
        return team

    async def coach(self, team: Team) -> tuple[str, GraphQLClient]:
        coach, client = await self.person("NURSE")
        await self.f.mutate(ASSIGN_COACH, teamId=team.id, coachId=coach)
        return coach, client


@pytest.fixture(name="lc")
def lc_fixture(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Lc:
    """The tests' maker (import ``lc_fixture`` to use it as ``lc``)."""
    return Lc(gql, make, client_for)


REPORT = f"""
mutation($input: LcReportMonthInput!) {{
  lcReportMonth(input: $input) {{ value {{ period version value }} {ERRORS} }}
}}"""
OPEN_REPORTING = f"""
mutation($input: LcOpenReportingInput!) {{
  lcOpenReporting(input: $input) {{ opened {ERRORS} }}
}}"""
OWED = """
query($id: ID!, $until: Date!) {
  lcReportsOwed(collaborativeId: $id, until: $until) {
    team { id } month dueOn late missing { id }
  }
}"""
PREWORK = """
query($id: ID!) { lcPrework(collaborativeId: $id) { team { id } missing { id } } }"""
DUE_ITEMS = """
query($id: ID!) {
  node(id: $id) { ... on Person {
    dueItems(includeCompleted: true) { nodes { kind dueOn completedAt } }
  } }
}"""


def ratio(team: Team, measure: str, period: str, numerator: str, denominator: str) -> dict:
    return {
        "teamId": team.id,
        "measureId": measure,
        "period": period,
        "numerator": numerator,
        "denominator": denominator,
    }


CYCLE_FIELDS = "id changeIdea prediction plan done learned decision startedOn endedOn measureIds"
START_CYCLE = f"""
mutation($input: LcStartPdsaCycleInput!) {{
  lcStartPdsaCycle(input: $input) {{ cycle {{ {CYCLE_FIELDS} }} {ERRORS} }}
}}"""
FINISH_CYCLE = f"""
mutation($input: LcFinishPdsaCycleInput!) {{
  lcFinishPdsaCycle(input: $input) {{ cycle {{ {CYCLE_FIELDS} }} {ERRORS} }}
}}"""
CYCLES = f"query($team: ID!) {{ lcPdsaCycles(teamId: $team) {{ {CYCLE_FIELDS} }} }}"
RUN_CHART = """
query($team: ID!, $measure: ID!) {
  lcRunChart(teamId: $team, measureId: $measure) {
    target
    chart { median points { period value } signals { kind periods } }
    annotations { id changeIdea startedOn decision }
  }
}"""


def cycle(team: Team, *measures: str, **fields: str) -> dict:
    return {
        "teamId": team.id,
        "changeIdea": "Pre-visit planning huddle",
        "prediction": "More patients leave with a self-management goal.",
        "plan": "Try it with Dr. A's Tuesday patients for two weeks.",
        "startedOn": "2026-03-02",
        "measureIds": list(measures),
        **fields,
    }


SCHEDULE_SESSION = f"""
mutation($input: LcScheduleLearningSessionInput!) {{
  lcScheduleLearningSession(input: $input) {{
    learningSession {{ number activity {{ id hours parts {{ id title hours }} }} }} {ERRORS}
  }}
}}"""
RECORD_ATTENDANCE = f"""
mutation($input: LcRecordSessionAttendanceInput!) {{
  lcRecordSessionAttendance(input: $input) {{
    participation {{ hours }} creditEntry {{ quantity }}
    creditDecision {{ allowed reasons {{ code }} }} {ERRORS}
  }}
}}"""
SESSIONS = """
query($id: ID!) { lcLearningSessions(collaborativeId: $id) { number activity { title } } }"""


def two_days(day: str, second: str | None = None) -> list[dict]:
    """A session's two days: 08:30-16:30 crediting 7 hours, then 08:30-15:30 crediting 6.5."""
    second = second or f"{day[:8]}{int(day[8:10]) + 1:02d}"
    return [
        {
            "title": "Day 1",
            "startsAt": f"{day}T08:30:00-05:00",
            "endsAt": f"{day}T16:30:00-05:00",
            "hours": "7",
        },
        {
            "title": "Day 2",
            "startsAt": f"{second}T08:30:00-05:00",
            "endsAt": f"{second}T15:30:00-05:00",
            "hours": "6.5",
        },
    ]


async def schedule(lc: Lc, number: int, day: str, **fields: object) -> dict:
    return await lc.f.payload(
        SCHEDULE_SESSION,
        collaborativeId=lc.collaborative,
        number=number,
        title=f"Learning session {number}",
        days=fields.pop("days", two_days(day)),
        **fields,
    )


SCHEDULE_CALL = f"""
mutation($input: LcScheduleCallInput!) {{
  lcScheduleCall(input: $input) {{ call {{ id month notes activity {{ id }} }} {ERRORS} }}
}}"""
CALL_ATTENDANCE = f"""
mutation($input: LcRecordCallAttendanceInput!) {{
  lcRecordCallAttendance(input: $input) {{ participation {{ hours }} {ERRORS} }}
}}"""
CALL_NOTES = f"""
mutation($input: LcKeepCallNotesInput!) {{
  lcKeepCallNotes(input: $input) {{ call {{ notes }} {ERRORS} }}
}}"""
CALLS = "query($id: ID!) { lcMonthlyCalls(collaborativeId: $id) { month notes } }"
POST = f"""
mutation($input: LcPostToOfficeInput!) {{
  lcPostToOffice(input: $input) {{ item {{ id kind title body author {{ id }} }} {ERRORS} }}
}}"""
OFFICE = """
query($id: ID!, $kind: LcOfficeItemKind) {
  lcOffice(collaborativeId: $id, kind: $kind) { kind title body }
}"""
RECORD_SPREAD = f"""
mutation($input: LcRecordSpreadInput!) {{
  lcRecordSpread(input: $input) {{ spread {{ cycleId spreadTo how spreadOn }} {ERRORS} }}
}}"""
SPREAD = "query($team: ID!) { lcSpread(teamId: $team) { spreadTo } }"
ASSESS = f"""
mutation($input: LcAssessTeamInput!) {{
  lcAssessTeam(input: $input) {{ score {ERRORS} }}
}}"""
ASSESSMENTS = "query($team: ID!) { lcAssessments(teamId: $team) { month faculty team gap } }"
DASHBOARD = """
query($id: ID!, $today: Date!) {
  lcDashboard(collaborativeId: $id, today: $today) {
    aggregates { measure { id } teamsReporting medianLatest teamsMeetingTarget }
    teams {
      team { id } lateMonths scores { month faculty team gap }
      latest { measure { id } period value meetsTarget }
    }
  }
}"""
