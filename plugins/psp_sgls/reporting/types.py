"""GraphQL types of the provincial aggregates."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from core.graphql.relay import to_global_id
from plugins.psp_sgls.reporting.service import DivisionRow, Row


@strawberry.type(description="One division's figures for one series.")
class PspAggregateRow:
    division_id: strawberry.ID
    division: str
    series_id: strawberry.ID
    series: str
    sessions: int
    physicians: int
    moas: int
    allied_health: int
    action_plans: int = strawberry.field(description="Action plans submitted or accepted.")
    questionnaires: int = strawberry.field(description="Questionnaires returned.")
    credits: Decimal = strawberry.field(description="Credits awarded, net of corrections.")
    payments: int
    paid: Decimal

    @classmethod
    def of(cls, row: Row) -> PspAggregateRow:
        values = {**row.__dict__}
        values["division_id"] = to_global_id("Organization", row.division_id)
        values["series_id"] = to_global_id("PspSeries", row.series_id)
        return cls(**values)


@strawberry.type(description="One division's certificates issued and funds spent.")
class PspDivisionTotals:
    division_id: strawberry.ID
    division: str
    certificates: int
    funds_spent: Decimal

    @classmethod
    def of(cls, row: DivisionRow) -> PspDivisionTotals:
        return cls(
            division_id=to_global_id("Organization", row.division_id),
            division=row.division,
            certificates=row.certificates,
            funds_spent=row.funds_spent,
        )


@strawberry.type(description="The provincial office's view of the program (staff only).")
class PspAggregate:
    rows: list[PspAggregateRow]
    divisions: list[PspDivisionTotals]
