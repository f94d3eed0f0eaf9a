"""The authorization matrix's rows for the plans slice's root fields and mutations.

Each case works on a fresh plan P starts in organization A (``core.learning_plan``): P alone
writes and submits it; A's staff for the program (C, and the platform admin) see and review it
but never write it; no one else learns it exists. ``plans`` is a list, so others see it empty
rather than refused. Anyone holding a role in A starts a plan of their own there."""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import (
    ALLOW,
    DENY,
    P_ONLY,
    P_OR_STAFF_OF_A,
    STAFF_OF_A,
    Entry,
    expect,
    inputs,
    mutation,
    seen,
)
from tests.authz_world import PHYSICIAN, World
from tests.factories import unique
from tests.plans_support import ADD_GOAL, CREATE, LEARNING, SUBMIT, smart


async def fresh_plan(w: World, goals: int = 0) -> dict[str, Any]:
    """A new plan of P's with ``goals`` goals, at its current version."""
    p = w.client(PHYSICIAN)
    plan = (
        await p.mutate(
            CREATE,
            ownerId=w.ids["P"],
            kind=LEARNING,
            title=unique("Plan"),
            organizationId=w.ids["A"],
        )
    )["plan"]
    goal = None
    for _ in range(goals):
        added = await p.mutate(ADD_GOAL, planId=plan["id"], version=plan["version"], **smart())
        plan["version"], goal = added["plan"]["version"], added["goal"]
    return plan | {"goal": goal}


async def plan_of_own(w: World, caller: str) -> dict[str, Any]:
    return {
        "ownerId": w.person(caller) or w.ids["P"],
        "kind": LEARNING,
        "title": unique("Plan"),
        "organizationId": w.ids["A"],
    }


async def plan_id(w: World, caller: str) -> dict[str, Any]:
    return {"id": (await fresh_plan(w))["id"]}


async def owner_p(w: World, caller: str) -> dict[str, Any]:
    await fresh_plan(w)
    return {"owner": w.ids["P"]}


async def retitle(w: World, caller: str) -> dict[str, Any]:
    plan = await fresh_plan(w)
    return {"planId": plan["id"], "version": plan["version"], "title": unique("Plan")}


async def goal_to_add(w: World, caller: str) -> dict[str, Any]:
    plan = await fresh_plan(w)
    return {"planId": plan["id"], "version": plan["version"], **smart()}


async def goal_to_rewrite(w: World, caller: str) -> dict[str, Any]:
    plan = await fresh_plan(w, goals=1)
    return {"goalId": plan["goal"]["id"], "version": plan["version"], **smart(days=30)}


async def goal_to_remove(w: World, caller: str) -> dict[str, Any]:
    plan = await fresh_plan(w, goals=1)
    return {"goalId": plan["goal"]["id"], "version": plan["version"]}


async def plan_to_submit(w: World, caller: str) -> dict[str, Any]:
    plan = await fresh_plan(w, goals=1)
    return {"planId": plan["id"], "version": plan["version"]}


async def plan_to_review(w: World, caller: str) -> dict[str, Any]:
    plan = await fresh_plan(w, goals=1)
    submitted = await w.client(PHYSICIAN).mutate(SUBMIT, planId=plan["id"], version=plan["version"])
    return {"planId": plan["id"], "version": submitted["plan"]["version"], "decision": "ACCEPTED"}


NOTHING_SEEN = seen()

PLANS_MATRIX: dict[str, Entry] = {
    "plan": Entry("query($id: ID!) { plan(planId: $id) { id } }", plan_id, P_OR_STAFF_OF_A),
    "plans": Entry(
        "query($owner: ID!) { plans(ownerId: $owner) { nodes { id } } }",
        owner_p,
        expect(
            anonymous=DENY,
            physician=ALLOW,
            other_physician=NOTHING_SEEN,
            guide=NOTHING_SEEN,
            coordinator_a=ALLOW,
            staff_b=NOTHING_SEEN,
            admin=ALLOW,
        ),
    ),
    "createPlan": Entry(
        mutation("createPlan", "CreatePlanInput", "plan { version }"),
        inputs(plan_of_own),
        expect(
            anonymous=DENY,
            physician=ALLOW,
            other_physician=ALLOW,
            guide=ALLOW,
            coordinator_a=ALLOW,
            staff_b=DENY,
            admin=ALLOW,
        ),
    ),
    "updatePlan": Entry(
        mutation("updatePlan", "UpdatePlanInput", "plan { version }"), inputs(retitle), P_ONLY
    ),
    "addPlanGoal": Entry(
        mutation("addPlanGoal", "AddPlanGoalInput", "plan { version }"),
        inputs(goal_to_add),
        P_ONLY,
    ),
    "updatePlanGoal": Entry(
        mutation("updatePlanGoal", "UpdatePlanGoalInput", "plan { version }"),
        inputs(goal_to_rewrite),
        P_ONLY,
    ),
    "removePlanGoal": Entry(
        mutation("removePlanGoal", "RemovePlanGoalInput", "plan { version }"),
        inputs(goal_to_remove),
        P_ONLY,
    ),
    "submitPlan": Entry(
        mutation("submitPlan", "SubmitPlanInput", "plan { version }"),
        inputs(plan_to_submit),
        P_ONLY,
    ),
    "reviewPlan": Entry(
        mutation("reviewPlan", "ReviewPlanInput", "plan { version }"),
        inputs(plan_to_review),
        STAFF_OF_A,
    ),
}
