"""Mutations of the group PIP. Staff review it with core's ``reviewPlan``."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decoded, node_id
from core.plans.types import GoalTerm
from plugins.cpso_qi_groups.pip import service
from plugins.cpso_qi_groups.pip.types import QigPip


@strawberry.input
class QigStartPipInput:
    group_id: strawberry.ID = node_id("Group")


@strawberry.input
class QigUpdatePipInput:
    plan_id: strawberry.ID = node_id("Plan")
    version: int
    strengths: str
    improvements: str


@strawberry.input
class QigAddPipGoalInput:
    plan_id: strawberry.ID = node_id("Plan")
    version: int
    specific: str
    measurable: str
    achievable: str
    relevant: str
    target_date: date
    term: GoalTerm
    self_care: bool = False


@strawberry.input
class QigUpdatePipGoalInput:
    goal_id: strawberry.ID = node_id("PlanGoal")
    version: int
    specific: str
    measurable: str
    achievable: str
    relevant: str
    target_date: date
    term: GoalTerm
    self_care: bool = False


@strawberry.input
class QigRemovePipGoalInput:
    goal_id: strawberry.ID = node_id("PlanGoal")
    version: int


@strawberry.input
class QigSubmitPipInput:
    plan_id: strawberry.ID = node_id("Plan")
    version: int


@strawberry.type
class QigPipPayload(Payload):
    pip: QigPip | None = None


def _pip(found: Any) -> dict[str, Any]:
    return {"pip": QigPip.of(found)}


@strawberry.type
class PipMutation:
    @strawberry.mutation(
        description="Start the group's one PIP (any member; the existing one if started).",
        extensions=requires(SignedIn()),
    )
    async def qig_start_pip(self, info: Info, input: QigStartPipInput) -> QigPipPayload:
        values, c = decoded(input), info.context
        return await mutate(
            info,
            QigPipPayload,
            lambda s: service.start_pip(s, c.registry, c.viewer, **values),
            _pip,
        )

    @strawberry.mutation(
        description="Write the areas of strength and for improvement at the version read "
        "(CONFLICT if someone changed the PIP since).",
        extensions=requires(SignedIn()),
    )
    async def qig_update_pip(self, info: Info, input: QigUpdatePipInput) -> QigPipPayload:
        values, c = decoded(input), info.context
        return await mutate(
            info,
            QigPipPayload,
            lambda s: service.update_pip(s, c.registry, c.viewer, **values),
            _pip,
        )

    @strawberry.mutation(
        description="Add a SMART goal; at most one self-care goal (QIG-GOALS).",
        extensions=requires(SignedIn()),
    )
    async def qig_add_pip_goal(self, info: Info, input: QigAddPipGoalInput) -> QigPipPayload:
        values, c = decoded(input), info.context
        return await mutate(
            info, QigPipPayload, lambda s: service.add_goal(s, c.registry, c.viewer, **values), _pip
        )

    @strawberry.mutation(
        description="Rewrite a goal at the version read; at most one self-care goal (QIG-GOALS).",
        extensions=requires(SignedIn()),
    )
    async def qig_update_pip_goal(self, info: Info, input: QigUpdatePipGoalInput) -> QigPipPayload:
        values, c = decoded(input), info.context
        return await mutate(
            info,
            QigPipPayload,
            lambda s: service.update_goal(s, c.registry, c.viewer, **values),
            _pip,
        )

    @strawberry.mutation(
        description="Remove a goal of the PIP at the version read.",
        extensions=requires(SignedIn()),
    )
    async def qig_remove_pip_goal(self, info: Info, input: QigRemovePipGoalInput) -> QigPipPayload:
        values, c = decoded(input), info.context
        return await mutate(
            info,
            QigPipPayload,
            lambda s: service.remove_goal(s, c.registry, c.viewer, **values),
            _pip,
        )

    @strawberry.mutation(
        description="Submit the PIP for CPSO's review: only when every member completed all "
        "four activities (QIG-PIP) and the goals hold (QIG-GOALS).",
        extensions=requires(SignedIn()),
    )
    async def qig_submit_pip(self, info: Info, input: QigSubmitPipInput) -> QigPipPayload:
        values, c = decoded(input), info.context
        return await mutate(
            info,
            QigPipPayload,
            lambda s: service.submit_pip(s, c.registry, c.viewer, **values),
            _pip,
        )
