"""Mutations of the collaborative and its charter (faculty only)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.groups.models import Group
from core.measures.types import Direction, MeasureKind
from core.repository import find
from plugins.learning_collaborative.charter import service
from plugins.learning_collaborative.charter.types import (
    LcCharterGoal,
    LcCharterMeasure,
    LcCollaborative,
    collaborative_of,
)


@strawberry.input
class LcCreateCollaborativeInput:
    organization_id: strawberry.ID = node_id("Organization")
    name: str
    starts_on: date = strawberry.field(description="First month of the action period.")
    faculty_id: strawberry.ID = node_id("Person", description="The lead faculty member.")
    shares_reports: bool = False


@strawberry.type
class LcCollaborativePayload(Payload):
    collaborative: LcCollaborative | None = None


@strawberry.input
class LcAddCharterGoalInput:
    collaborative_id: strawberry.ID = node_id("Group")
    statement: str


@strawberry.type
class LcCharterGoalPayload(Payload):
    goal: LcCharterGoal | None = None


@strawberry.input
class LcAddCharterMeasureInput:
    collaborative_id: strawberry.ID = node_id("Group")
    name: str
    definition: str
    kind: MeasureKind
    unit: str
    direction: Direction
    target: Decimal | None = strawberry.field(
        default=None, description="Required (LC-CHARTER); a ratio's as a proportion."
    )


@strawberry.type
class LcCharterMeasurePayload(Payload):
    charter_measure: LcCharterMeasure | None = None


async def _created(session: Any, registry: Any, viewer: Any, values: dict[str, Any]) -> Any:
    row = await service.create_collaborative(session, registry, viewer, **values)
    return row, await find(session, Group, row.group_id, missing="group")


@strawberry.type
class CharterMutation:
    @strawberry.mutation(description="Open a collaborative (faculty: the program's staff).")
    async def lc_create_collaborative(
        self, info: Info, input: LcCreateCollaborativeInput
    ) -> LcCollaborativePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            LcCollaborativePayload,
            lambda s: _created(s, context.registry, context.viewer, values),
            lambda pair: {"collaborative": collaborative_of(*pair)},
        )

    @strawberry.mutation(description="Add a goal to a charter (LC-CHARTER; faculty).")
    async def lc_add_charter_goal(
        self, info: Info, input: LcAddCharterGoalInput
    ) -> LcCharterGoalPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            LcCharterGoalPayload,
            lambda s: service.add_goal(s, viewer, **values),
            lambda goal: {"goal": LcCharterGoal.of(goal)},
        )

    @strawberry.mutation(
        description="Name a measure in a charter with its definition, direction and target "
        "(LC-CHARTER; faculty)."
    )
    async def lc_add_charter_measure(
        self, info: Info, input: LcAddCharterMeasureInput
    ) -> LcCharterMeasurePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            LcCharterMeasurePayload,
            lambda s: service.add_measure(s, context.registry, context.viewer, **values),
            lambda pair: {"charter_measure": LcCharterMeasure.of(*pair)},
        )
