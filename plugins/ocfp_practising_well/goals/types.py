"""GraphQL types of goals and answered progress surveys."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow
from plugins.ocfp_practising_well import models

PwGoalTerm = models.GoalTerm
strawberry.enum(PwGoalTerm, name="PwGoalTerm")
PwGoalStatus = models.GoalStatus
strawberry.enum(PwGoalStatus, name="PwGoalStatus")


def goal_id(row: Any) -> strawberry.ID | None:
    """The global ID of the goal a row names, if it names one."""
    return to_global_id("PwGoal", row.goal_id) if row.goal_id else None


@strawberry.type(description="A SMART learning goal (PW-GOALS).")
class PwGoal(FromRow):
    """A goal of the learner's core plan, shown as it always was: its global ID is
    ``PwGoal:<core goal id>`` and its enums are this program's."""

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "id": lambda row: to_global_id("PwGoal", row.id),
        "term": lambda row: models.GoalTerm(row.term),
        "status": lambda row: models.GoalStatus(row.status),
    }

    id: strawberry.ID
    specific: str
    measurable: str
    achievable: str
    relevant: str
    target_date: date
    term: PwGoalTerm
    status: PwGoalStatus
    created_at: datetime
    closed_at: datetime | None


@strawberry.type(description="An answered progress survey (PW-PROGRESS).")
class PwProgressReport(FromRow):
    id: strawberry.ID
    progress: int
    reflection: str
    goal_id: strawberry.ID | None
    submitted_at: datetime

    COMPUTED: ClassVar[Mapping[str, Any]] = {"goal_id": goal_id}
