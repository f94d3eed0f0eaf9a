"""Monthly measure reports (LC-MONTHLY) and pre-work baselines (LC-PREWORK).

Values are core's measure values: one per team, measure and month, validated by core (a
ratio's numerator between 0 and its denominator, a count not negative) and corrected through
core's ``correctMeasureValue``, which keeps every version. This program adds its rules: the
measure is one of the team's charter (LC-CHARTER), the team is complete (LC-TEAM), and a
month fully reported completes the team lead's monthly report item, a core due item that
recurs every month. Only aggregate values are taken: no patient-level records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.due_items import service as due_items
from core.errors import Forbidden, RuleViolation
from core.i18n import SOURCE
from core.measures import service as measures
from core.people.models import Person
from core.registry import Registry
from core.repository import find
from plugins.learning_collaborative import MONTHLY_REPORT, SLUG
from plugins.learning_collaborative.charter import repository as charter_rows
from plugins.learning_collaborative.charter import service as charters
from plugins.learning_collaborative.i18n import _
from plugins.learning_collaborative.reports import repository
from plugins.learning_collaborative.teams import repository as team_rows
from plugins.learning_collaborative.teams import service as teams

CHARTER = "LC-CHARTER"
PREWORK = "LC-PREWORK"


@dataclass(frozen=True)
class Owed:
    """What a team still owes for one month: the charter measures it has not reported."""

    team: Any
    month: date
    missing: list[Any]
    due_on: date
    late: bool


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _due_day(registry: Registry) -> int:
    return registry.program(SLUG).settings.integer("report_due_day")


def due_on(registry: Registry, month: date) -> date:
    """A month's report is due on the setting's day of the next month."""
    return next_month(month).replace(day=_due_day(registry))


async def report(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    team_id: int,
    measure_id: int,
    period: date,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    count: Decimal | None = None,
) -> Any:
    """A team's value of a charter measure for a month (LC-MONTHLY), by its people or coach."""
    group, row = await teams.team(session, team_id)
    await teams.require_team_or_faculty(session, viewer, group, row)
    if await charter_rows.charter_measure(session, row.group_id, measure_id) is None:
        raise RuleViolation.single(
            CHARTER, _("The measure is not one of the collaborative's charter."), "measureId"
        )
    await teams.require_complete(session, registry, group)
    value = await measures.record_value(
        session,
        viewer,
        group_id=group.id,
        measure_id=measure_id,
        period=period,
        amounts=measures.Amounts(numerator=numerator, denominator=denominator, count=count),
    )
    await _settle(session, registry, row.group_id, group.id, value.period)
    return value


async def _settle(
    session: AsyncSession, registry: Registry, collaborative_id: int, team_id: int, month: date
) -> None:
    """Once every charter measure of the month is in, the month's report item is done."""
    charter = [m.id for _, m in await charter_rows.measures(session, collaborative_id)]
    if await repository.reported_measures(session, team_id, charter, month) < len(charter):
        return
    after = next_month(month)
    item = await repository.open_report_item(session, team_id, after, next_month(after))
    if item is not None:
        await due_items.complete_for_program(session, registry, program=SLUG, item_id=item.id)


async def open_reporting(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, collaborative_id: int
) -> int:
    """Faculty open monthly reporting: each team's lead owes a report every month from the
    collaborative's first month (a recurring core due item); teams already owing are left."""
    row = await charters.collaborative(session, collaborative_id)
    charters.require_faculty(viewer, row)
    groups = list(await team_rows.teams(session, row.group_id))
    ids = [g.id for g in groups]
    leads = await team_rows.leads(session, ids)
    started = await repository.teams_with_report_items(session, ids)
    opened = 0
    for group in groups:
        if group.id in started or group.id not in leads:
            continue
        lead = await find(session, Person, leads[group.id], missing="person")
        await due_items.schedule_due_item(
            session,
            registry,
            program=SLUG,
            person_id=lead.id,
            kind=MONTHLY_REPORT,
            # Kept as words, so in the language of the lead who reads it, not of faculty.
            title=_("Monthly measures of {team}", team=group.name).in_language(
                lead.language or SOURCE
            ),
            due_on=due_on(registry, row.starts_on),
            subject_id=group.id,
        )
        opened += 1
    return opened


async def _visible_teams(
    session: AsyncSession, viewer: Viewer, collaborative_id: int
) -> tuple[Any, list[Any]]:
    """Faculty see every team; anyone else the teams they are on (as member or coach)."""
    row = await charters.collaborative(session, collaborative_id)
    viewer.require_person()
    groups = list(await team_rows.teams(session, row.group_id))
    if viewer.is_staff(row.organization_id, SLUG):
        return row, groups
    people = await team_rows.active_people(session, [g.id for g in groups])
    mine = [g for g in groups if viewer.person_id in people[g.id]]
    if not mine and not viewer.belongs_to(row.organization_id, SLUG):
        raise Forbidden()
    return row, mine


async def owed(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    collaborative_id: int,
    until: date,
) -> list[Owed]:
    """Every month from the collaborative's first to ``until`` each visible team has not fully
    reported, with its due date and whether it is late (LC-MONTHLY: late and missing reports
    visible to faculty; a team sees its own)."""
    row, groups = await _visible_teams(session, viewer, collaborative_id)
    charter = [m for _, m in await charter_rows.measures(session, row.group_id)]
    values = await repository.first_values(session, [g.id for g in groups], [m.id for m in charter])
    have = {(v.group_id, v.measure_id, v.period) for v in values}
    found = []
    month = row.starts_on
    while month <= until.replace(day=1):
        due = due_on(registry, month)
        for group in groups:
            missing = [m for m in charter if (group.id, m.id, month) not in have]
            if missing:
                found.append(Owed(group, month, missing, due, until > due))
        month = next_month(month)
    return found


async def prework(session: AsyncSession, viewer: Viewer, *, collaborative_id: int) -> list[Owed]:
    """LC-PREWORK: before the first learning session each team reports a baseline of every
    charter measure (a value of a month before the collaborative starts); what each visible
    team still owes."""
    row, groups = await _visible_teams(session, viewer, collaborative_id)
    charter = [m for _, m in await charter_rows.measures(session, row.group_id)]
    values = await repository.first_values(session, [g.id for g in groups], [m.id for m in charter])
    baseline = {(v.group_id, v.measure_id) for v in values if v.period < row.starts_on}
    owed_by = []
    for group in groups:
        missing = [m for m in charter if (group.id, m.id) not in baseline]
        if missing:
            owed_by.append(Owed(group, row.starts_on, missing, row.starts_on, False))
    return owed_by


async def require_prework(session: AsyncSession, viewer: Viewer, collaborative_id: int) -> None:
    """Refuse with LC-PREWORK while a team still owes a baseline."""
    owing = await prework(session, viewer, collaborative_id=collaborative_id)
    if owing:
        names = ", ".join(o.team.name for o in owing)
        raise RuleViolation.single(PREWORK, _("Baselines are still owed by: {names}.", names=names))
