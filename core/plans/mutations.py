"""Mutations writing and reviewing plans. Every change carries the ``version`` its editor
read; a stale one is refused with CONFLICT."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.plans import models
from core.plans import service as plans
from core.plans.queries import decode_owner
from core.plans.smart import PARTS
from core.plans.types import GoalTerm, Plan, PlanGoal, ReviewDecision


@strawberry.input
class CreatePlanInput:
    owner_id: strawberry.ID = strawberry.field(description="Yourself, or a group you are in.")
    kind: str = strawberry.field(description="A plan kind an enabled program declared.")
    title: str
    summary: str = ""
    organization_id: strawberry.ID | None = node_id(
        "Organization", optional=True, description="For a person's plan: whose staff review it."
    )
    subject_id: int | None = None


@strawberry.input
class UpdatePlanInput:
    plan_id: strawberry.ID = node_id("Plan")
    version: int
    title: str
    summary: str = ""


@strawberry.input
class SmartGoalInput:
    specific: str
    measurable: str
    achievable: str
    relevant: str
    target_date: date
    term: GoalTerm


@strawberry.input
class AddPlanGoalInput(SmartGoalInput):
    plan_id: strawberry.ID = node_id("Plan")
    version: int = strawberry.field(description="The plan's version you read.")


@strawberry.input
class UpdatePlanGoalInput(SmartGoalInput):
    goal_id: strawberry.ID = node_id("PlanGoal")
    version: int = strawberry.field(description="The plan's version you read.")


@strawberry.input
class RemovePlanGoalInput:
    goal_id: strawberry.ID = node_id("PlanGoal")
    version: int


@strawberry.input
class SubmitPlanInput:
    plan_id: strawberry.ID = node_id("Plan")
    version: int


@strawberry.input
class ReviewPlanInput:
    plan_id: strawberry.ID = node_id("Plan")
    version: int
    decision: ReviewDecision
    comment: str = strawberry.field(default="", description="Required when returning a plan.")


@strawberry.type
class PlanPayload(Payload):
    plan: Plan | None = None


@strawberry.type
class PlanGoalPayload(Payload):
    goal: PlanGoal | None = None
    plan: Plan | None = None


def _plan(row: models.Plan) -> dict[str, Any]:
    return {"plan": Plan.from_row(row)}


def _goal(result: tuple[models.PlanGoal, models.Plan]) -> dict[str, Any]:
    goal, plan = result
    return {"goal": PlanGoal.from_row(goal), "plan": Plan.from_row(plan)}


def _smart(values: dict[str, Any]) -> dict[str, Any]:
    """The input's SMART parts gathered as the service takes them."""
    values["parts"] = {name: values.pop(name) for name in PARTS}
    return values


@strawberry.type
class PlansMutation:
    @strawberry.mutation(description="Start a draft plan for yourself or a group you are in.")
    async def create_plan(self, info: Info, input: CreatePlanInput) -> PlanPayload:
        values, context = decoded(input), info.context
        values["owner"] = decode_owner(values.pop("owner_id"))
        return await mutate(
            info,
            PlanPayload,
            lambda s: plans.create_plan(s, context.registry, context.viewer, **values),
            _plan,
        )

    @strawberry.mutation(description="Change a draft or returned plan's title and summary.")
    async def update_plan(self, info: Info, input: UpdatePlanInput) -> PlanPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PlanPayload,
            lambda s: plans.update_plan(s, context.registry, context.viewer, **values),
            _plan,
        )

    @strawberry.mutation(description="Add a SMART goal to a draft or returned plan.")
    async def add_plan_goal(self, info: Info, input: AddPlanGoalInput) -> PlanGoalPayload:
        values, context = _smart(decoded(input)), info.context
        return await mutate(
            info,
            PlanGoalPayload,
            lambda s: plans.add_goal(s, context.registry, context.viewer, **values),
            _goal,
        )

    @strawberry.mutation(description="Rewrite a goal of a draft or returned plan.")
    async def update_plan_goal(self, info: Info, input: UpdatePlanGoalInput) -> PlanGoalPayload:
        values, context = _smart(decoded(input)), info.context
        return await mutate(
            info,
            PlanGoalPayload,
            lambda s: plans.update_goal(s, context.registry, context.viewer, **values),
            _goal,
        )

    @strawberry.mutation(description="Remove a goal from a draft or returned plan.")
    async def remove_plan_goal(self, info: Info, input: RemovePlanGoalInput) -> PlanPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PlanPayload,
            lambda s: plans.remove_goal(s, context.registry, context.viewer, **values),
            _plan,
        )

    @strawberry.mutation(description="Submit a draft or returned plan for review.")
    async def submit_plan(self, info: Info, input: SubmitPlanInput) -> PlanPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PlanPayload,
            lambda s: plans.submit_plan(s, context.registry, context.viewer, **values),
            _plan,
        )

    @strawberry.mutation(
        description="Program staff return a submitted plan with a comment, or accept it (final)."
    )
    async def review_plan(self, info: Info, input: ReviewPlanInput) -> PlanPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PlanPayload,
            lambda s: plans.review_plan(s, context.registry, context.viewer, **values),
            _plan,
        )
