"""PDSA cycles (LC-ACTION-PERIOD): between learning sessions a team tests a change idea with a
prediction and a plan, records what was done and learned, and decides to adopt, adapt or
abandon it. Cycles are linked to charter measures, so the team's run chart shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.errors import NotFound, RuleViolation
from core.kinds import INVALID
from core.locks import lock_row
from core.measures import service as measures
from core.privacy.screen import screen
from core.repository import add, add_all, find
from plugins.learning_collaborative.charter import repository as charter_rows
from plugins.learning_collaborative.i18n import _
from plugins.learning_collaborative.models import Decision, PdsaCycle, PdsaMeasure
from plugins.learning_collaborative.pdsa import repository
from plugins.learning_collaborative.teams import service as teams

ACTION_PERIOD = "LC-ACTION-PERIOD"
CHARTER = "LC-CHARTER"


@dataclass(frozen=True)
class Cycle:
    row: PdsaCycle
    measure_ids: list[int]


@dataclass(frozen=True)
class AnnotatedChart:
    """A team's run chart of a charter measure with the cycles linked to it."""

    chart: measures.Chart
    cycles: list[Cycle]


def _said(value: str | None, field: str, most: int) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleViolation.single(
            ACTION_PERIOD, _("A PDSA cycle states its {field}.", field=field), field
        )
    if len(value) > most:
        raise RuleViolation.single(INVALID, _("At most {most} characters.", most=most), field)
    return value


async def start_cycle(
    session: AsyncSession,
    viewer: Viewer,
    *,
    team_id: int,
    change_idea: str,
    prediction: str,
    plan: str,
    started_on: date,
    measure_ids: list[int],
) -> Cycle:
    """Plan: the team (or its coach) states the change, what it predicts and how it tests it,
    and which charter measures should show it."""
    screen(change_idea=change_idea, prediction=prediction, plan=plan)
    group, row = await teams.team(session, team_id)
    await teams.require_team_or_faculty(session, viewer, group, row)
    if not measure_ids:
        raise RuleViolation.single(
            ACTION_PERIOD, _("A PDSA cycle is linked to at least one measure."), "measureIds"
        )
    charter = {m.id for _, m in await charter_rows.measures(session, row.group_id)}
    if not set(measure_ids) <= charter:
        raise RuleViolation.single(
            CHARTER, _("A cycle is linked to measures of the charter only."), "measureIds"
        )
    cycle = PdsaCycle(
        team_id=group.id,
        change_idea=_said(change_idea, "changeIdea", 500),
        prediction=_said(prediction, "prediction", 1000),
        plan=_said(plan, "plan", 2000),
        started_on=started_on,
        created_by_id=viewer.require_person(),
    )
    await add(session, cycle)
    unique = sorted(set(measure_ids))
    await add_all(session, [PdsaMeasure(cycle_id=cycle.id, measure_id=m) for m in unique])
    return Cycle(cycle, unique)


async def finish_cycle(
    session: AsyncSession,
    viewer: Viewer,
    *,
    cycle_id: int,
    done: str,
    learned: str,
    decision: Decision,
    ended_on: date,
) -> Cycle:
    """Do, Study, Act: what was done, what was learned, and the decision, once."""
    screen(done=done, learned=learned)
    found = await find(session, PdsaCycle, cycle_id)
    if found is None:
        raise NotFound(_("No such PDSA cycle."))
    group, row = await teams.team(session, found.team_id)
    await teams.require_team_or_faculty(session, viewer, group, row)
    cycle = await lock_row(session, PdsaCycle, cycle_id, missing="PDSA cycle")
    if cycle.decision is not None:
        raise RuleViolation.single(
            ACTION_PERIOD, _("This cycle is decided already; start the next cycle."), "cycleId"
        )
    if ended_on < cycle.started_on:
        raise RuleViolation.single(
            ACTION_PERIOD, _("A cycle ends on or after the day it started."), "endedOn"
        )
    cycle.done = _said(done, "done", 2000)
    cycle.learned = _said(learned, "learned", 2000)
    cycle.decision = decision
    cycle.ended_on = ended_on
    await session.flush()
    linked = await repository.measures_by_cycle(session, [cycle.id])
    return Cycle(cycle, linked[cycle.id])


async def cycles(session: AsyncSession, viewer: Viewer, team_id: int) -> list[Cycle]:
    """A team's cycles: its people, its coach and faculty."""
    group, row = await teams.team(session, team_id)
    await teams.require_team_or_faculty(session, viewer, group, row)
    return await _with_measures(session, list(await repository.cycles(session, group.id)))


async def _with_measures(session: AsyncSession, rows: list[Any]) -> list[Cycle]:
    linked = await repository.measures_by_cycle(session, [r.id for r in rows])
    return [Cycle(r, linked[r.id]) for r in rows]


async def run_chart(
    session: AsyncSession, viewer: Viewer, team_id: int, measure_id: int
) -> AnnotatedChart:
    """Core's run chart of the team's measure (median, target, IHI signals), with the PDSA
    cycles linked to the measure to draw on it: the team's people, coach and faculty, and the
    other teams of a collaborative that shares reports."""
    group, row = await teams.team(session, team_id)
    await teams.require_team_or_shared(session, viewer, group, row)
    chart = await measures.chart_of(session, group, measure_id)
    rows = list(await repository.cycles(session, group.id, measure_id))
    return AnnotatedChart(chart, await _with_measures(session, rows))
