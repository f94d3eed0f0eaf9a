"""Mutations defining measures and recording and correcting their monthly values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.measures import service
from core.measures.service import Amounts
from core.measures.types import Direction, Measure, MeasureKind, MeasureValue


@strawberry.input
class DefineMeasureInput:
    organization_id: strawberry.ID = node_id("Organization")
    program: str
    name: str
    kind: MeasureKind
    unit: str
    direction: Direction
    target: Decimal | None = None


@strawberry.type
class DefineMeasurePayload(Payload):
    measure: Measure | None = None


@strawberry.input
class RecordMeasureValueInput:
    group_id: strawberry.ID = node_id("Group")
    measure_id: strawberry.ID = node_id("Measure")
    period: date = strawberry.field(description="Any day of the month; stored as its first.")
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: Decimal | None = None


@strawberry.input
class CorrectMeasureValueInput(RecordMeasureValueInput):
    reason: str = strawberry.field(description="Why the value is corrected.")


@strawberry.type
class MeasureValuePayload(Payload):
    value: MeasureValue | None = None


def _amounts(values: dict[str, Any]) -> dict[str, Any]:
    """The input's numbers gathered as the service takes them."""
    numbers = {k: values.pop(k) for k in ("numerator", "denominator", "count")}
    return values | {"amounts": Amounts(**numbers)}


def _shown(row: object) -> dict[str, MeasureValue]:
    return {"value": MeasureValue.from_row(row)}


@strawberry.type
class MeasuresMutation:
    @strawberry.mutation(description="Define a measure: staff of the program.")
    async def define_measure(self, info: Info, input: DefineMeasureInput) -> DefineMeasurePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            DefineMeasurePayload,
            lambda s: service.define_measure(s, context.registry, context.viewer, **values),
            lambda row: {"measure": Measure.from_row(row)},
        )

    @strawberry.mutation(
        description="Record a group's value for a month, once (LC-MONTHLY): its active people "
        "or its program's staff."
    )
    async def record_measure_value(
        self, info: Info, input: RecordMeasureValueInput
    ) -> MeasureValuePayload:
        values, viewer = _amounts(decoded(input)), info.context.viewer
        return await mutate(
            info,
            MeasureValuePayload,
            lambda s: service.record_value(s, viewer, **values),
            _shown,
        )

    @strawberry.mutation(
        description="Correct a month's value: a new version with its reason; history is kept."
    )
    async def correct_measure_value(
        self, info: Info, input: CorrectMeasureValueInput
    ) -> MeasureValuePayload:
        values, viewer = _amounts(decoded(input)), info.context.viewer
        return await mutate(
            info,
            MeasureValuePayload,
            lambda s: service.correct_value(s, viewer, **values),
            _shown,
        )
