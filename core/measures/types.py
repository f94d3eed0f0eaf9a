"""GraphQL types of measures, their values and run charts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry

from core.graphql.context import Context, Info
from core.graphql.relay import Node
from core.graphql.rows import FromRow
from core.measures import models, runchart
from core.measures.service import Chart, value_of
from core.people.types import Organization, organization
from core.repository import by_id

MeasureKind = models.MeasureKind
strawberry.enum(MeasureKind)
Direction = models.Direction
strawberry.enum(Direction, description="Which way the measure moves when care improves.")
RunChartSignalKind = runchart.SignalKind
strawberry.enum(RunChartSignalKind)


@strawberry.type(description="What a program's groups measure each month.")
class Measure(Node, FromRow):
    program: str
    name: str
    kind: MeasureKind
    unit: str
    direction: Direction
    target: Decimal | None
    organization_id: strawberry.Private[int]

    @strawberry.field(description="The organization whose program defined it.")
    async def organization(self, info: Info) -> Organization:
        return await organization(info, self.organization_id)


async def measure_nodes(context: Context, ids: Sequence[int]) -> list[Any]:
    """``node(id:)`` for measures: shown to whoever holds a role in their organization and
    program, as the ``measures`` list is."""
    viewer = context.viewer
    rows = await context.loaders(by_id, models.Measure).load_many(list(ids))
    return [
        Measure.from_row(row)
        if row is not None
        and (viewer.is_platform_admin or viewer.belongs_to(row.organization_id, row.program))
        else None
        for row in rows
    ]


@strawberry.type(
    description="One version of a group's value for a month; a correction is a later version."
)
class MeasureValue(FromRow):
    COMPUTED = {"value": value_of}

    period: date = strawberry.field(description="The month, as its first day.")
    version: int
    numerator: Decimal | None
    denominator: Decimal | None
    count: Decimal | None
    value: Decimal = strawberry.field(description="A ratio to six places, or the count.")
    reason: str | None = strawberry.field(description="Why a correction was made.")
    recorded_at: datetime


@strawberry.type(description="A month's current value on a run chart.")
class RunChartPoint:
    period: date
    value: Decimal


@strawberry.type(description="A non-random pattern the IHI run-chart rules found.")
class RunChartSignal:
    kind: RunChartSignalKind
    periods: list[date] = strawberry.field(description="The months the signal covers.")
    explanation: str


@strawberry.type(description="A group's monthly values of a measure, read with the IHI rules.")
class RunChart:
    measure: Measure
    points: list[RunChartPoint]
    values: list[MeasureValue] = strawberry.field(
        description="Every version recorded, corrections included, by month then version."
    )
    median: Decimal | None
    useful_observations: int = strawberry.field(description="Points not on the median.")
    runs: int
    runs_lower_limit: int | None = strawberry.field(
        description="Fewer runs than this signal non-random change (10 to 60 useful points)."
    )
    runs_upper_limit: int | None = strawberry.field(
        description="More runs than this signal non-random change (10 to 60 useful points)."
    )
    runs_note: str = strawberry.field(description="What the runs rule could say, and why.")
    signals: list[RunChartSignal]

    @classmethod
    def of(cls, chart: Chart) -> RunChart:
        periods = [p.period for p in chart.points]
        reading = chart.reading
        lower, upper = reading.runs_limits or (None, None)
        return cls(
            measure=Measure.from_row(chart.measure),
            points=[RunChartPoint(period=p.period, value=value_of(p)) for p in chart.points],
            values=[MeasureValue.from_row(v) for v in chart.history],
            median=reading.median,
            useful_observations=reading.useful_observations,
            runs=reading.runs,
            runs_lower_limit=lower,
            runs_upper_limit=upper,
            runs_note=reading.runs_note,
            signals=[
                RunChartSignal(
                    kind=s.kind,
                    periods=[periods[i] for i in s.indexes],
                    explanation=s.explanation,
                )
                for s in reading.signals
            ],
        )
