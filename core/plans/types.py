"""GraphQL types of plans: a plan with its version, SMART goals and reviews."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import strawberry

from core.graphql.context import Context, Info
from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow
from core.plans import models, repository

PlanState = models.PlanState
strawberry.enum(PlanState, name="PlanState")
GoalTerm = models.GoalTerm
strawberry.enum(GoalTerm, name="GoalTerm")
GoalStatus = models.GoalStatus
strawberry.enum(GoalStatus, name="GoalStatus")
ReviewDecision = models.ReviewDecision
strawberry.enum(ReviewDecision, name="ReviewDecision")


@strawberry.type(description="A SMART goal of a plan: every part stated, a target date, a term.")
class PlanGoal(Node, FromRow):
    specific: str
    measurable: str
    achievable: str
    relevant: str
    target_date: date = strawberry.field(description="When it is met: what makes it time-based.")
    term: GoalTerm
    status: GoalStatus
    created_at: datetime
    closed_at: datetime | None


@strawberry.type(description="A reviewer's decision on a submitted plan and their comment.")
class PlanReview(FromRow):
    COMPUTED = {"reviewer_id": lambda row: to_global_id("Person", row.reviewer_id)}

    reviewer_id: strawberry.ID
    decision: ReviewDecision
    comment: str
    plan_version: int = strawberry.field(description="The version of the plan reviewed.")
    created_at: datetime


@strawberry.type(description="A plan of a program's kind, owned by a person or a group.")
class Plan(Node, FromRow):
    COMPUTED = {
        "owner_id": lambda row: (
            to_global_id("Group", row.group_id)
            if row.group_id is not None
            else to_global_id("Person", row.person_id)
        ),
        "organization_id": lambda row: to_global_id("Organization", row.organization_id),
        "updated_by_id": lambda row: (
            to_global_id("Person", row.updated_by_id) if row.updated_by_id is not None else None
        ),
    }

    owner_id: strawberry.ID = strawberry.field(description="The person or group owning it.")
    organization_id: strawberry.ID = strawberry.field(description="Whose staff review it.")
    program: str
    kind: str
    title: str
    summary: str
    state: PlanState
    version: int = strawberry.field(
        description="Raised by every change; send the version you read with each change "
        "(a stale one is refused with CONFLICT)."
    )
    created_at: datetime
    updated_at: datetime
    updated_by_id: strawberry.ID | None = strawberry.field(
        description="Who made the latest change: the owner, a member, a co-editor the program "
        "names, or a reviewer; null when the program's own workflow made it."
    )
    submitted_at: datetime | None
    accepted_at: datetime | None
    pk: strawberry.Private[int]

    @strawberry.field(description="Its SMART goals, oldest first.")
    async def goals(self, info: Info) -> list[PlanGoal]:
        rows = await info.context.loaders(repository.goals_by_plan).load(self.pk)
        return [PlanGoal.from_row(row) for row in rows]

    @strawberry.field(description="Reviewers' decisions and comments, oldest first.")
    async def reviews(self, info: Info) -> list[PlanReview]:
        rows = await info.context.loaders(repository.reviews_by_plan).load(self.pk)
        return [PlanReview.from_row(row) for row in rows]


async def plan_nodes(context: Context, ids: Sequence[int]) -> list[Plan | None]:
    """``node(id:)`` for plans, by the same visibility as the plan queries."""
    loader = context.loaders(repository.visible_plans_by_id, context.viewer)
    rows = await loader.load_many(list(ids))
    return [None if row is None else Plan.from_row(row) for row in rows]


async def goal_nodes(context: Context, ids: Sequence[int]) -> list[PlanGoal | None]:
    """``node(id:)`` for goals: whoever sees the plan sees its goals."""
    loader = context.loaders(repository.visible_goals_by_id, context.viewer)
    rows = await loader.load_many(list(ids))
    return [None if row is None else PlanGoal.from_row(row) for row in rows]
