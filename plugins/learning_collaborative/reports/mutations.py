"""Mutations of monthly reports (corrections are core's ``correctMeasureValue``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.measures.types import MeasureValue
from plugins.learning_collaborative.reports import service


@strawberry.input
class LcReportMonthInput:
    team_id: strawberry.ID = node_id("Group")
    measure_id: strawberry.ID = node_id("Measure")
    period: date = strawberry.field(description="Any day of the month reported.")
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: Decimal | None = None


@strawberry.type
class LcReportMonthPayload(Payload):
    value: MeasureValue | None = None


@strawberry.input
class LcOpenReportingInput:
    collaborative_id: strawberry.ID = node_id("Group")


@strawberry.type
class LcOpenReportingPayload(Payload):
    opened: int = strawberry.field(default=0, description="Teams whose report items began.")


@strawberry.type
class ReportsMutation:
    @strawberry.mutation(
        description="A team's aggregate value of a charter measure for a month (LC-MONTHLY): "
        "its people or coach; a complete team only (LC-TEAM)."
    )
    async def lc_report_month(self, info: Info, input: LcReportMonthInput) -> LcReportMonthPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            LcReportMonthPayload,
            lambda s: service.report(s, context.registry, context.viewer, **values),
            lambda value: {"value": MeasureValue.from_row(value)},
        )

    @strawberry.mutation(
        description="Begin every team's monthly report item, recurring monthly (LC-MONTHLY; "
        "faculty)."
    )
    async def lc_open_reporting(
        self, info: Info, input: LcOpenReportingInput
    ) -> LcOpenReportingPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            LcOpenReportingPayload,
            lambda s: service.open_reporting(s, context.registry, context.viewer, **values),
            lambda opened: {"opened": opened},
        )
