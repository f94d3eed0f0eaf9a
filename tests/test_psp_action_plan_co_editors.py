"""SGLS-ACTION-PLAN's helpers, through the API: the coordinators of the session's division and
its peer mentors may read and draft a physician's action plan with them (each change names who
made it); a coordinator of another division and another physician may not, and learn nothing
of the plan; submitting stays the physician's own act."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.psp_support import (
    CREATE_PLAN,
    ERRORS,
    SESSION_NUMBER,
    SUBMIT_PLAN,
    Province,
    build_province,
    smart_goal,
)

UPDATE_PLAN = f"""
mutation($input: UpdatePlanInput!) {{
  updatePlan(input: $input) {{ plan {{ version title updatedById }} {ERRORS} }}
}}"""
ADD_GOAL = f"""
mutation($input: AddPlanGoalInput!) {{
  addPlanGoal(input: $input) {{ plan {{ version updatedById }} {ERRORS} }}
}}"""
PLAN = """
query($id: ID!) { plan(planId: $id) { id version title updatedById } }"""


@pytest.fixture
async def province(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Province:
    return await build_province(gql, make, client_for)


async def _draft(province: Province) -> tuple[str, dict[str, Any]]:
    """A physician of the division and their draft action plan about a session of it."""
    session = (await province.session())["session"]["id"]
    physician = await province.participant()
    client = province.as_(physician)
    numbers = (await client.data(SESSION_NUMBER))["pspSessions"]["nodes"]
    number = next(n["number"] for n in numbers if n["id"] == session)
    created = await client.mutate(
        CREATE_PLAN,
        ownerId=physician,
        kind="psp_sgls.action_plan",
        title="Screening recall",
        organizationId=province.division,
        subjectId=number,
    )
    return physician, created["plan"]


HELPERS = ["coordinator", "mentor"]


@pytest.mark.parametrize("helper", HELPERS)
async def test_sgls_action_plan_coordinator_and_peer_mentor_of_the_division_draft_it(
    province: Province, helper: str
) -> None:
    physician, plan = await _draft(province)
    client = province.as_(getattr(province, helper))

    read = (await client.data(PLAN, {"id": plan["id"]}))["plan"]
    goal = await client.payload(
        ADD_GOAL, planId=plan["id"], version=read["version"], **smart_goal()
    )
    titled = await client.payload(
        UPDATE_PLAN,
        planId=plan["id"],
        version=goal["plan"]["version"],
        title="Screening recall, with our MOA",
        summary="",
    )

    assert goal["errors"] == []
    assert titled["errors"] == []
    assert titled["plan"]["updatedById"] == getattr(province, helper)
    mine = (await province.as_(physician).data(PLAN, {"id": plan["id"]}))["plan"]
    assert mine["title"] == "Screening recall, with our MOA"


async def _outsider(province: Province, who: str) -> str:
    if who == "other_coordinator":
        return province.other_coordinator
    return await province.participant()


@pytest.mark.parametrize("who", ["other_coordinator", "other_physician"])
async def test_sgls_action_plan_others_cannot_draft_or_read_it(
    province: Province, who: str
) -> None:
    _, plan = await _draft(province)
    client = province.as_(await _outsider(province, who))

    read = await client.execute(PLAN, {"id": plan["id"]})
    drafted = await client.execute(
        ADD_GOAL, {"input": {"planId": plan["id"], "version": plan["version"], **smart_goal()}}
    )

    assert read["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert drafted["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("helper", HELPERS)
async def test_sgls_action_plan_only_the_physician_submits_it(
    province: Province, helper: str
) -> None:
    physician, plan = await _draft(province)
    client = province.as_(getattr(province, helper))
    goal = await client.mutate(ADD_GOAL, planId=plan["id"], version=plan["version"], **smart_goal())
    version = goal["plan"]["version"]

    refused = await client.execute(
        SUBMIT_PLAN, {"input": {"planId": plan["id"], "version": version}}
    )
    submitted = await province.as_(physician).mutate(
        SUBMIT_PLAN, planId=plan["id"], version=version
    )

    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert submitted["plan"]["state"] == "SUBMITTED"
