"""Spread (LC-SPREAD): how a change a team adopted after its PDSA cycles spread to other
members of the practice and organization."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.errors import NotFound, RuleViolation
from core.privacy.screen import screen
from core.repository import add, find
from plugins.learning_collaborative.i18n import _
from plugins.learning_collaborative.models import Decision, PdsaCycle, Spread
from plugins.learning_collaborative.pdsa import repository
from plugins.learning_collaborative.teams import service as teams

SPREAD = "LC-SPREAD"


def _said(value: str, field: str, most: int) -> str:
    value = value.strip()
    if not value or len(value) > most:
        raise RuleViolation.single(
            SPREAD,
            _("A spread record states {field} (1 to {most}).", field=field, most=most),
            field,
        )
    return value


async def record_spread(
    session: AsyncSession,
    viewer: Viewer,
    *,
    cycle_id: int,
    spread_to: str,
    how: str,
    spread_on: date,
) -> Spread:
    """The team (or its coach) records where an adopted change spread and how."""
    screen(spread_to=spread_to, how=how)
    cycle = await find(session, PdsaCycle, cycle_id)
    if cycle is None:
        raise NotFound(_("No such PDSA cycle."))
    group, row = await teams.team(session, cycle.team_id)
    await teams.require_team_or_faculty(session, viewer, group, row)
    if cycle.decision != Decision.ADOPT:
        raise RuleViolation.single(
            SPREAD,
            _("Only a change the team adopted is spread; decide to adopt it first."),
            "cycleId",
        )
    if cycle.ended_on is not None and spread_on < cycle.ended_on:
        raise RuleViolation.single(
            SPREAD, _("A change spreads after the cycle that adopted it."), "spreadOn"
        )
    record = Spread(
        team_id=group.id,
        cycle_id=cycle.id,
        spread_to=_said(spread_to, "spreadTo", 500),
        how=_said(how, "how", 2000),
        spread_on=spread_on,
        recorded_by_id=viewer.require_person(),
    )
    return await add(session, record)


async def spread_of_team(session: AsyncSession, viewer: Viewer, team_id: int) -> list[Spread]:
    group, row = await teams.team(session, team_id)
    await teams.require_team_or_faculty(session, viewer, group, row)
    return list(await repository.spread_of_team(session, group.id))
