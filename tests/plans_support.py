"""Documents and helpers for the plan tests and their authorization matrix rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tests.authz_documents import ASSIGN_ROLE
from tests.factories import JOIN_GROUP, Factory, unique
from tests.graphql_client import GraphQLClient

PLAN_FIELDS = "id ownerId program kind title summary state version submittedAt acceptedAt"
GOAL_FIELDS = "id specific measurable achievable relevant targetDate term status"
ERRORS = "errors { code field message }"
LEARNING, GROUP_PLAN, CIRCLE_PLAN = (
    "core.learning_plan",
    "core.group_plan",
    "example.improvement_plan",
)


def _plan_mutation(name: str) -> str:
    """A mutation document answering with the plan (and errors)."""
    field = name[0].lower() + name[1:]
    return f"""
mutation($input: {name}Input!) {{
  {field}(input: $input) {{ plan {{ {PLAN_FIELDS} }} {ERRORS} }}
}}"""


CREATE, UPDATE, SUBMIT = (_plan_mutation(n) for n in ("CreatePlan", "UpdatePlan", "SubmitPlan"))
ADD_GOAL = f"""
mutation($input: AddPlanGoalInput!) {{
  addPlanGoal(input: $input) {{ goal {{ {GOAL_FIELDS} }} plan {{ version }} {ERRORS} }}
}}"""
UPDATE_GOAL = f"""
mutation($input: UpdatePlanGoalInput!) {{
  updatePlanGoal(input: $input) {{ goal {{ {GOAL_FIELDS} }} plan {{ version }} {ERRORS} }}
}}"""
REMOVE_GOAL = f"""
mutation($input: RemovePlanGoalInput!) {{
  removePlanGoal(input: $input) {{ plan {{ version goals {{ id }} }} {ERRORS} }}
}}"""
REVIEW = f"""
mutation($input: ReviewPlanInput!) {{
  reviewPlan(input: $input) {{
    plan {{ {PLAN_FIELDS} reviews {{ decision comment planVersion reviewerId }} }} {ERRORS}
  }}
}}"""
PLAN = f"""
query($id: ID!) {{
  plan(planId: $id) {{
    {PLAN_FIELDS} goals {{ {GOAL_FIELDS} }} reviews {{ decision comment planVersion }}
  }}
}}"""
PLANS = f"""
query($owner: ID!, $program: String) {{
  plans(ownerId: $owner, program: $program) {{ nodes {{ {PLAN_FIELDS} }} }}
}}"""


def ahead(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def smart(days: int = 60, term: str = "SHORT", **parts: str) -> dict[str, Any]:
    return {
        "specific": "Offer a depression screen to every adult seen for a chronic condition.",
        "measurable": "Screened share of those visits, from the EMR, monthly.",
        "achievable": "The MOA adds the PHQ-2 to the intake form.",
        "relevant": "Depression is under-detected in our practice.",
        "targetDate": ahead(days),
        "term": term,
    } | parts


def codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


@dataclass
class PlanWorld:
    """An organization of the program, its program staff, and a person owning a plan."""

    organization: str
    staff: GraphQLClient
    owner: str
    client: GraphQLClient
    client_for: Callable[[int | str | None], GraphQLClient]
    make: Factory
    staff_person: str = ""

    async def person(self) -> tuple[str, GraphQLClient]:
        person = await self.make.person(organization=self.organization)
        return person, self.client_for(person)

    async def plan(self, client: GraphQLClient | None = None, **fields: Any) -> dict[str, Any]:
        values = {
            "ownerId": self.owner,
            "kind": LEARNING,
            "title": unique("Plan"),
            "organizationId": self.organization,
        } | fields
        return (await (client or self.client).mutate(CREATE, **values))["plan"]

    async def goal(self, plan: dict[str, Any], client: GraphQLClient | None = None) -> dict:
        """Add a goal at the plan's version, keeping the version the caller holds current."""
        payload = await (client or self.client).mutate(
            ADD_GOAL, planId=plan["id"], version=plan["version"], **smart()
        )
        plan["version"] = payload["plan"]["version"]
        return payload["goal"]

    async def submitted(self, goals: int = 1, **fields: Any) -> dict[str, Any]:
        plan = await self.plan(**fields)
        for _ in range(goals):
            await self.goal(plan)
        payload = await self.client.mutate(SUBMIT, planId=plan["id"], version=plan["version"])
        return payload["plan"]

    async def circle(self, program: str = "example") -> str:
        """A group of the program, which the owner joins."""
        kind = "example.circle" if program == "example" else "core.group"
        group = await self.make.group(kind=kind, organization=self.organization)
        await self.client.mutate(JOIN_GROUP, groupId=group, personId=self.owner)
        return group


async def plan_world(
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[int | str | None], GraphQLClient],
    program: str = "core",
) -> PlanWorld:
    organization = await make.organization()
    staff = await make.person(organization=organization)
    await gql.mutate(
        ASSIGN_ROLE,
        personId=staff,
        organizationId=organization,
        program=program,
        role="PROGRAM_STAFF",
    )
    owner = await make.person(organization=organization)
    return PlanWorld(
        organization, client_for(staff), owner, client_for(owner), client_for, make, staff
    )
