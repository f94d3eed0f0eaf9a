"""IHI assessment scores and the faculty dashboard.

Each month a team is scored on the IHI assessment scale, 0.5 ("intent to participate") to 5.0
("outstanding sustainable results") in half points, once by faculty and once by the team
itself; the gap between the two is what faculty and coach talk about. The seed gives the scale
but DOMAIN.md no rule of its own: scores are monthly results, so refusals carry LC-MONTHLY.

The dashboard shows every team's latest value of each charter measure against its target, the
months it still owes and its scores, to faculty. A team sees collaborative-wide aggregates and
its own row; other teams' rows only when the collaborative shares reports."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.errors import Forbidden, RuleViolation
from core.i18n import N_
from core.measures.models import Direction
from core.measures.service import value_of
from core.registry import Registry
from core.repository import add
from plugins.learning_collaborative import SLUG
from plugins.learning_collaborative.assessments import repository
from plugins.learning_collaborative.charter import repository as charter_rows
from plugins.learning_collaborative.charter import service as charters
from plugins.learning_collaborative.i18n import _, month_text
from plugins.learning_collaborative.models import Assessment, Assessor
from plugins.learning_collaborative.reports import service as reports
from plugins.learning_collaborative.teams import repository as team_rows
from plugins.learning_collaborative.teams import service as teams

MONTHLY = "LC-MONTHLY"
LOWEST, HIGHEST = Decimal("0.5"), Decimal("5.0")
# Whose score a month has already: one sentence each, so a translation need not inflect a word.
RECORDED_ALREADY = {
    Assessor.FACULTY: N_("The faculty score of {month} is recorded already."),
    Assessor.TEAM: N_("The team score of {month} is recorded already."),
}


@dataclass(frozen=True)
class MonthScores:
    month: date
    faculty: Decimal | None
    team: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        """The team's own score less faculty's: above 0 when the team rates itself higher."""
        if self.faculty is None or self.team is None:
            return None
        return self.team - self.faculty


@dataclass(frozen=True)
class Latest:
    measure: Any
    period: date | None
    value: Decimal | None

    @property
    def meets_target(self) -> bool | None:
        target = self.measure.target
        if self.value is None or target is None:
            return None
        return (
            self.value >= target
            if self.measure.direction == Direction.UP
            else (self.value <= target)
        )


@dataclass(frozen=True)
class TeamRow:
    team: Any
    latest: list[Latest]
    months_owed: list[date]
    scores: MonthScores | None


@dataclass(frozen=True)
class Aggregate:
    measure: Any
    teams_reporting: int
    median_latest: Decimal | None
    teams_meeting_target: int


@dataclass(frozen=True)
class Dashboard:
    aggregates: list[Aggregate]
    teams: list[TeamRow]


def _check_score(score: Decimal) -> None:
    if not LOWEST <= score <= HIGHEST or (score * 2) != (score * 2).to_integral_value():
        raise RuleViolation.single(
            MONTHLY, _("An IHI assessment score is 0.5 to 5.0 in half points."), "score"
        )


async def assess(
    session: AsyncSession,
    viewer: Viewer,
    *,
    team_id: int,
    month: date,
    assessor: Assessor,
    score: Decimal,
) -> Assessment:
    """A month's score, once per assessor: faculty score as faculty, the team's people as the
    team (its coach scores neither: the coach is who the gap is discussed with)."""
    group, row = await teams.team(session, team_id)
    viewer.require_person()
    if assessor == Assessor.FACULTY:
        charters.require_faculty(viewer, row)
    else:
        people = await team_rows.active_people(session, [group.id])
        coach = (await team_rows.coaches(session, [group.id])).get(group.id)
        if viewer.person_id not in people[group.id] or viewer.person_id == coach:
            raise Forbidden()
    _check_score(score)
    month = month.replace(day=1)
    if await repository.existing(session, group.id, month, assessor) is not None:
        raise RuleViolation.single(
            MONTHLY,
            _(RECORDED_ALREADY[assessor], month=month_text(month)),
            "month",
        )
    row_ = Assessment(
        team_id=group.id,
        month=month,
        assessor=assessor,
        score=score,
        recorded_by_id=viewer.require_person(),
    )
    return await add(session, row_)


def _by_month(rows: list[Assessment]) -> list[MonthScores]:
    months: dict[date, dict[Assessor, Decimal]] = {}
    for row in rows:
        months.setdefault(row.month, {})[Assessor(row.assessor)] = row.score
    return [
        MonthScores(month, scores.get(Assessor.FACULTY), scores.get(Assessor.TEAM))
        for month, scores in sorted(months.items())
    ]


async def assessments(session: AsyncSession, viewer: Viewer, team_id: int) -> list[MonthScores]:
    """A team's scores by month with the gap: its people, coach and faculty."""
    group, row = await teams.team(session, team_id)
    await teams.require_team_or_faculty(session, viewer, group, row)
    return _by_month(list(await repository.of_teams(session, [group.id])))


def _latest(measure: Any, rows: list[Any]) -> Latest:
    current: dict[date, Any] = {}
    for value in rows:
        current[value.period] = value  # later versions come later
    if not current:
        return Latest(measure, None, None)
    period = max(current)
    return Latest(measure, period, value_of(current[period]))


async def dashboard(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    collaborative_id: int,
    today: date,
) -> Dashboard:
    """Faculty's view of the collaborative; for a team, aggregates and its own row (and the
    others' when the collaborative shares reports)."""
    row = await charters.collaborative(session, collaborative_id)
    viewer.require_person()
    groups = list(await team_rows.teams(session, row.group_id))
    ids = [g.id for g in groups]
    faculty = viewer.is_staff(row.organization_id, SLUG)
    people = await team_rows.active_people(session, ids)
    mine = {g.id for g in groups if viewer.person_id in people[g.id]}
    if not faculty and not mine:
        raise Forbidden()
    shown = ids if faculty or row.shares_reports else sorted(mine)
    charter = [m for _, m in await charter_rows.measures(session, row.group_id)]
    values = await repository.values(session, ids, [m.id for m in charter])
    owed = await reports.owed(session, registry, viewer, collaborative_id=row.group_id, until=today)
    scores = await repository.of_teams(session, shown)
    table = []
    latest_of: dict[int, list[Latest]] = {}
    for group in groups:
        latest_of[group.id] = [
            _latest(m, [v for v in values if v.group_id == group.id and v.measure_id == m.id])
            for m in charter
        ]
    for group in groups:
        if group.id not in shown:
            continue
        months = _by_month([s for s in scores if s.team_id == group.id])
        table.append(
            TeamRow(
                group,
                latest_of[group.id],
                [o.month for o in owed if o.team.id == group.id and o.late],
                months[-1] if months else None,
            )
        )
    aggregates = []
    for index, measure in enumerate(charter):
        reported = [
            latest_of[g.id][index] for g in groups if latest_of[g.id][index].value is not None
        ]
        aggregates.append(
            Aggregate(
                measure,
                len(reported),
                statistics.median([r.value for r in reported if r.value is not None])
                if reported
                else None,
                sum(1 for r in reported if r.meets_target),
            )
        )
    return Dashboard(aggregates, table)
