"""GraphQL types of the group PIP, its submission eligibility and members' completion."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow
from core.plans.types import GoalTerm, PlanState
from plugins.cpso_qi_groups.activities.types import QigActivity
from plugins.cpso_qi_groups.pip.service import Eligibility, PipView, group_of


@strawberry.type(description="A PIP goal: SMART, and whether it is a self-care goal (QIG-GOALS).")
class QigPipGoal:
    id: strawberry.ID = strawberry.field(description="The core PlanGoal's global ID.")
    specific: str
    measurable: str
    achievable: str
    relevant: str
    target_date: date
    term: GoalTerm
    self_care: bool


@strawberry.type(description="A QI group's Practice Improvement Plan (QIG-PIP).")
class QigPip:
    id: strawberry.ID = strawberry.field(
        description="The core Plan's global ID: reviews through plan(planId:) and reviewPlan."
    )
    group_id: strawberry.ID
    state: PlanState
    version: int
    strengths: str
    improvements: str
    goals: list[QigPipGoal]

    @classmethod
    def of(cls, found: PipView) -> QigPip:
        plan = found.plan
        return cls(
            id=strawberry.ID(to_global_id("Plan", plan.id)),
            group_id=strawberry.ID(to_global_id("Group", group_of(plan))),
            state=plan.state,
            version=plan.version,
            strengths=found.details.strengths if found.details else "",
            improvements=found.details.improvements if found.details else "",
            goals=[
                QigPipGoal(
                    id=strawberry.ID(to_global_id("PlanGoal", goal.id)),
                    specific=goal.specific,
                    measurable=goal.measurable,
                    achievable=goal.achievable,
                    relevant=goal.relevant,
                    target_date=goal.target_date,
                    term=goal.term,
                    self_care=care,
                )
                for goal, care in found.goals
            ],
        )


@strawberry.type(description="A member who has not completed every individual activity.")
class QigMissing:
    person_id: strawberry.ID
    name: str
    activities: list[QigActivity]


@strawberry.type(description="A reason the PIP cannot be submitted now, with its rule ID.")
class QigReason:
    code: str
    message: str


@strawberry.type(description="Whether the PIP may be submitted now (QIG-PIP, QIG-GOALS).")
class QigPipEligibility:
    eligible: bool
    missing: list[QigMissing]
    reasons: list[QigReason]

    @classmethod
    def of(cls, found: Eligibility) -> QigPipEligibility:
        return cls(
            eligible=found.eligible,
            missing=[
                QigMissing(
                    person_id=strawberry.ID(to_global_id("Person", m.person_id)),
                    name=m.name,
                    activities=list(m.activities),
                )
                for m in found.missing
            ],
            reasons=[QigReason(code=c, message=m) for c, m in found.reasons],
        )


@strawberry.type(description="A member met CPSO's quality requirement by a PIP (QIG-COMPLETE).")
class QigCompletion(FromRow):
    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "group_id": lambda row: to_global_id("Group", row.group_id),
    }

    group_id: strawberry.ID
    completed_on: date
    met_until: date


@strawberry.type(description="Credits a physician claims in Mainpro+, with their statement.")
class QigClaim(FromRow):
    amount: Decimal
    credit_type: str
    earned_on: date
    explanation: str


@strawberry.type(description="A member's quality requirement and claimable credits.")
class QigQualityStatus:
    met_until: date | None = strawberry.field(description="The latest date it is met until.")
    completions: list[QigCompletion]
    claims: list[QigClaim]
    total: Decimal
