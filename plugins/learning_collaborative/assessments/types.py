"""GraphQL types of IHI assessment scores and the dashboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from core.groups.types import Group
from core.measures.types import Measure
from plugins.learning_collaborative.assessments.service import (
    Aggregate,
    Dashboard,
    Latest,
    MonthScores,
    TeamRow,
)
from plugins.learning_collaborative.models import Assessor

LcAssessor = Assessor
strawberry.enum(LcAssessor, name="LcAssessor")


@strawberry.type(description="A month's IHI assessment scores of a team and their gap.")
class LcMonthScores:
    month: date
    faculty: Decimal | None = strawberry.field(description="Faculty's score, 0.5 to 5.0.")
    team: Decimal | None = strawberry.field(description="The team's own score, 0.5 to 5.0.")
    gap: Decimal | None = strawberry.field(description="The team's score less faculty's.")

    @classmethod
    def of(cls, scores: MonthScores) -> LcMonthScores:
        return cls(month=scores.month, faculty=scores.faculty, team=scores.team, gap=scores.gap)


@strawberry.type(description="A team's latest value of a charter measure against its target.")
class LcLatestValue:
    measure: Measure
    period: date | None
    value: Decimal | None
    meets_target: bool | None

    @classmethod
    def of(cls, latest: Latest) -> LcLatestValue:
        return cls(
            measure=Measure.from_row(latest.measure),
            period=latest.period,
            value=latest.value,
            meets_target=latest.meets_target,
        )


@strawberry.type(description="A team's row of the faculty dashboard.")
class LcDashboardTeam:
    team: Group
    latest: list[LcLatestValue]
    late_months: list[date] = strawberry.field(description="Months reported late or not at all.")
    scores: LcMonthScores | None = strawberry.field(description="The latest month scored.")

    @classmethod
    def of(cls, row: TeamRow) -> LcDashboardTeam:
        return cls(
            team=Group.from_row(row.team),
            latest=[LcLatestValue.of(v) for v in row.latest],
            late_months=row.months_owed,
            scores=None if row.scores is None else LcMonthScores.of(row.scores),
        )


@strawberry.type(description="A charter measure across all teams: aggregates only.")
class LcAggregate:
    measure: Measure
    teams_reporting: int
    median_latest: Decimal | None = strawberry.field(description="Median of latest values.")
    teams_meeting_target: int

    @classmethod
    def of(cls, row: Aggregate) -> LcAggregate:
        return cls(
            measure=Measure.from_row(row.measure),
            teams_reporting=row.teams_reporting,
            median_latest=row.median_latest,
            teams_meeting_target=row.teams_meeting_target,
        )


@strawberry.type(description="The collaborative at a glance.")
class LcDashboard:
    aggregates: list[LcAggregate]
    teams: list[LcDashboardTeam] = strawberry.field(
        description="Every team for faculty; a team's own (all when reports are shared)."
    )

    @classmethod
    def of(cls, dashboard: Dashboard) -> LcDashboard:
        return cls(
            aggregates=[LcAggregate.of(a) for a in dashboard.aggregates],
            teams=[LcDashboardTeam.of(t) for t in dashboard.teams],
        )
