"""GraphQL types of PDSA cycles and the annotated run chart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

from core.graphql.relay import to_global_id
from core.measures.types import RunChart
from plugins.learning_collaborative.models import Decision
from plugins.learning_collaborative.pdsa.service import AnnotatedChart, Cycle

LcDecision = Decision
strawberry.enum(LcDecision, name="LcDecision")


@strawberry.type(description="A Plan-Do-Study-Act cycle of a team (LC-ACTION-PERIOD).")
class LcPdsaCycle:
    id: strawberry.ID
    change_idea: str
    prediction: str
    plan: str
    done: str | None
    learned: str | None
    decision: LcDecision | None
    started_on: date
    ended_on: date | None
    measure_ids: list[strawberry.ID] = strawberry.field(description="Charter measures linked.")

    @classmethod
    def of(cls, cycle: Cycle) -> LcPdsaCycle:
        row = cycle.row
        return cls(
            id=to_global_id("LcPdsaCycle", row.id),
            change_idea=row.change_idea,
            prediction=row.prediction,
            plan=row.plan,
            done=row.done,
            learned=row.learned,
            decision=row.decision,
            started_on=row.started_on,
            ended_on=row.ended_on,
            measure_ids=[to_global_id("Measure", m) for m in cycle.measure_ids],
        )


@strawberry.type(description="A team's run chart of a measure with its PDSA cycles on it.")
class LcRunChart:
    chart: RunChart = strawberry.field(description="Core's chart: points, median, signals.")
    target: Decimal | None = strawberry.field(description="The charter's target.")
    annotations: list[LcPdsaCycle] = strawberry.field(
        description="PDSA cycles linked to the measure, by start."
    )

    @classmethod
    def of(cls, annotated: AnnotatedChart) -> LcRunChart:
        return cls(
            chart=RunChart.of(annotated.chart),
            target=annotated.chart.measure.target,
            annotations=[LcPdsaCycle.of(c) for c in annotated.cycles],
        )


@strawberry.type(description="How an adopted change spread beyond the team (LC-SPREAD).")
class LcSpread:
    id: strawberry.ID
    cycle_id: strawberry.ID
    spread_to: str
    how: str
    spread_on: date

    @classmethod
    def of(cls, row: Any) -> LcSpread:
        return cls(
            id=to_global_id("LcSpread", row.id),
            cycle_id=to_global_id("LcPdsaCycle", row.cycle_id),
            spread_to=row.spread_to,
            how=row.how,
            spread_on=row.spread_on,
        )
