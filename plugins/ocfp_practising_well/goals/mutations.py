"""Mutations of goals and progress surveys."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from core.certificates.types import Certificate
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from plugins.ocfp_practising_well.goals import service
from plugins.ocfp_practising_well.goals.types import (
    PwGoal,
    PwGoalStatus,
    PwGoalTerm,
    PwProgressReport,
)


@strawberry.input
class PwSetGoalInput:
    specific: str
    measurable: str
    achievable: str
    relevant: str
    target_date: date
    term: PwGoalTerm
    guide_id: strawberry.ID | None = node_id("PwGuide", optional=True)


@strawberry.input
class PwCloseGoalInput:
    goal_id: strawberry.ID = node_id("PwGoal")
    status: PwGoalStatus


@strawberry.type
class PwGoalPayload(Payload):
    goal: PwGoal | None = None


@strawberry.input
class PwSubmitProgressSurveyInput:
    progress: int = strawberry.field(description="1 (stalled) to 5 (goal met).")
    reflection: str
    goal_id: strawberry.ID | None = node_id("PwGoal", optional=True)


@strawberry.type
class PwProgressPayload(Payload):
    report: PwProgressReport | None = None
    released: list[Certificate] = strawberry.field(
        default_factory=list,
        description="Certificates an overdue survey had held back, issued now (PW-PROGRESS).",
    )


def _goal(row: Any) -> dict[str, PwGoal]:
    return {"goal": PwGoal.from_row(row)}


@strawberry.type
class GoalsMutation:
    @strawberry.mutation(description="Set a SMART learning goal (PW-GOALS).")
    async def pw_set_goal(self, info: Info, input: PwSetGoalInput) -> PwGoalPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwGoalPayload,
            lambda s: service.set_goal(s, context.registry, context.viewer, **values),
            _goal,
        )

    @strawberry.mutation(description="Close a goal as achieved (then set another) or set aside.")
    async def pw_close_goal(self, info: Info, input: PwCloseGoalInput) -> PwGoalPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwGoalPayload,
            lambda s: service.close_goal(s, context.registry, context.viewer, **values),
            _goal,
        )

    @strawberry.mutation(description="Answer the periodic progress survey (PW-PROGRESS).")
    async def pw_submit_progress_survey(
        self, info: Info, input: PwSubmitProgressSurveyInput
    ) -> PwProgressPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwProgressPayload,
            lambda s: service.submit_progress(s, context.registry, context.viewer, **values),
            lambda answered: {
                "report": PwProgressReport.from_row(answered.report),
                "released": [Certificate.from_row(c) for c in answered.released],
            },
        )
