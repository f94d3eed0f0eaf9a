"""GraphQL types of selections and QI groups' progress."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow
from core.plans.types import PlanState
from plugins.cpso_qi_groups.activities.types import QigActivity
from plugins.cpso_qi_groups.groups.overview import GroupProgress
from plugins.cpso_qi_groups.models import Basis

QigBasis = Basis
strawberry.enum(QigBasis, name="QigBasis")


@strawberry.type(description='A member CPSO invited to "QI for Individuals" in a cycle.')
class QigSelection(FromRow):
    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "person_id": lambda row: to_global_id("Person", row.person_id),
        "organization_id": lambda row: to_global_id("Organization", row.organization_id),
    }

    person_id: strawberry.ID
    organization_id: strawberry.ID
    cycle: str
    created_at: datetime


@strawberry.type(description="A member's progress: completion only, never answers.")
class QigMemberProgress:
    person_id: strawberry.ID
    name: str
    role: str
    completed: list[QigActivity]
    missing: list[QigActivity]


@strawberry.type(description="A QI group's progress: members, activities, PIP, requests.")
class QigGroupProgress:
    group_id: strawberry.ID
    name: str
    capacity: int
    basis: QigBasis | None
    basis_description: str
    members: list[QigMemberProgress]
    pip_id: strawberry.ID | None
    pip_state: PlanState | None
    support_requests: int
    open_support_requests: int

    @classmethod
    def of(cls, found: GroupProgress) -> QigGroupProgress:
        return cls(
            group_id=strawberry.ID(to_global_id("Group", found.group.id)),
            name=found.group.name,
            capacity=found.group.capacity,
            basis=found.basis,
            basis_description=found.basis_description,
            members=[
                QigMemberProgress(
                    person_id=strawberry.ID(to_global_id("Person", m.person_id)),
                    name=m.name,
                    role=m.role,
                    completed=m.completed,
                    missing=m.missing,
                )
                for m in found.members
            ],
            pip_id=None
            if found.pip_id is None
            else strawberry.ID(to_global_id("Plan", found.pip_id)),
            pip_state=found.pip_state,
            support_requests=found.requests,
            open_support_requests=found.open_requests,
        )
