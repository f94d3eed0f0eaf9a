"""Learning sessions (LC-SESSIONS) and credit for their hours (LC-CREDIT).

A learning session is a core activity of this program's kind held in parts, one part a day,
so attendance is recorded per day and credits the hours of the days attended. Core awards
credit only where a certification is in force: this program ships none unless the deploying
organization sets a rate (the ``credit_rate`` setting), and faculty may certify one session
through core's ``addCertification``. This program's rules come first: the number and days of
sessions and their window (settings), attendance by the collaborative's team members and
coaches only (LC-TEAM), baselines reported before the first session (LC-PREWORK)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.activities import attendance
from core.activities import service as activities
from core.activities.models import Activity
from core.activities.parts import PartInput
from core.credits.service import AwardResult
from core.errors import NotFound, RuleViolation
from core.groups.models import MembershipRole
from core.i18n import Text
from core.registry import Registry
from core.repository import add, find
from plugins.learning_collaborative import LEARNING_SESSION, SLUG
from plugins.learning_collaborative.charter import service as charters
from plugins.learning_collaborative.i18n import _, _n
from plugins.learning_collaborative.models import Collaborative, LearningSession
from plugins.learning_collaborative.reports import service as reports
from plugins.learning_collaborative.sessions import repository
from plugins.learning_collaborative.teams import service as teams

SESSIONS = "LC-SESSIONS"
TEAM_RULE = "LC-TEAM"
PREWORK = "LC-PREWORK"


@dataclass(frozen=True)
class Attended:
    participation: Any
    award: AwardResult


def _setting(registry: Registry, name: str) -> int:
    return registry.program(SLUG).settings.integer(name)


def _months_after(start: date, months: int) -> date:
    total = start.year * 12 + start.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def _refuse(message: Text, field: str | None = None) -> RuleViolation:
    return RuleViolation.single(SESSIONS, message, field)


async def _check_schedule(
    session: AsyncSession,
    registry: Registry,
    row: Collaborative,
    number: int,
    days: list[PartInput],
) -> None:
    count, per_session = _setting(registry, "learning_sessions"), _setting(registry, "session_days")
    if not 1 <= number <= count:
        raise _refuse(
            _("A collaborative holds learning sessions 1 to {count}.", count=count), "number"
        )
    if len(days) != per_session:
        raise _refuse(
            _n(
                "A learning session is held over {n} day.",
                "A learning session is held over {n} days.",
                per_session,
                n=per_session,
            ),
            "days",
        )
    if len({d.starts_at.date() for d in days}) != len(days):
        raise _refuse(_("Each part of a learning session is a different day."), "days")
    months = _setting(registry, "max_months")
    last_day = max(d.ends_at for d in days).date()
    if min(d.starts_at for d in days).date() < row.starts_on:
        raise _refuse(_("A learning session is held from the collaborative's start."), "days")
    if last_day >= _months_after(row.starts_on, months):
        raise _refuse(
            _n(
                "Every learning session is held within {n} month.",
                "Every learning session is held within {n} months.",
                months,
                n=months,
            ),
            "days",
        )
    held = {s.number: a for s, a in await repository.sessions(session, row.group_id)}
    if number in held:
        raise _refuse(_("Learning session {number} is scheduled already.", number=number), "number")
    before, after = held.get(number - 1), held.get(number + 1)
    first_day = min(d.starts_at for d in days)
    if number > 1 and before is None:
        raise _refuse(_("Schedule learning session {number} first.", number=number - 1), "number")
    if before is not None and first_day <= before.ends_at:
        raise _refuse(
            _(
                "Learning session {number} follows session {previous}.",
                number=number,
                previous=number - 1,
            ),
            "days",
        )
    if after is not None and max(d.ends_at for d in days) >= after.starts_at:
        raise _refuse(
            _(
                "Learning session {number} comes before session {next}.",
                number=number,
                next=number + 1,
            ),
            "days",
        )


async def schedule(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    collaborative_id: int,
    number: int,
    title: str,
    location: str | None,
    days: list[PartInput],
) -> tuple[LearningSession, Activity]:
    """Faculty schedule a learning session: a core activity with one part per day."""
    row = await charters.collaborative(session, collaborative_id)
    charters.require_faculty(viewer, row)
    await _check_schedule(session, registry, row, number, days)
    ordered = tuple(sorted(days, key=lambda d: d.starts_at))
    activity = await activities.add_activity(
        session,
        registry,
        viewer,
        activities.ActivityInput(
            organization_id=row.organization_id,
            kind=LEARNING_SESSION,
            title=title,
            starts_at=ordered[0].starts_at,
            ends_at=max(d.ends_at for d in ordered),
            location=location,
            parts=ordered,
        ),
    )
    link = await add(
        session,
        LearningSession(activity_id=activity.id, collaborative_id=row.group_id, number=number),
    )
    return link, activity


async def record_attendance(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    session_id: int,
    person_id: int,
    part_ids: list[int],
) -> Attended:
    """Faculty record the days a team member or coach attended; core credits their hours
    where a certification is in force (LC-CREDIT)."""
    link = await find(session, LearningSession, session_id)
    if link is None:
        raise NotFound(_("No such learning session."))
    row = await charters.collaborative(session, link.collaborative_id)
    charters.require_faculty(viewer, row)
    activity = await find(session, Activity, link.activity_id, missing="activity")
    place = await repository.team_of(session, row.group_id, person_id)
    if place is None:
        raise RuleViolation.single(
            TEAM_RULE,
            _("Learning sessions are for the collaborative's teams and coaches."),
            "personId",
        )
    group, membership = place
    if membership.role != MembershipRole.FACILITATOR:
        await teams.require_complete(session, registry, group)
        if link.number == 1:
            owing = await reports.prework(session, viewer, collaborative_id=row.group_id)
            if any(o.team.id == group.id for o in owing):
                raise RuleViolation.single(
                    PREWORK,
                    _(
                        "{team} still owes baselines before the first learning session.",
                        team=group.name,
                    ),
                    "personId",
                )
    participation, award = await attendance.add_part_attendance(
        session, registry, viewer, activity, person_id, part_ids
    )
    return Attended(participation, award)


async def sessions(session: AsyncSession, viewer: Viewer, collaborative_id: int) -> list[Any]:
    """The collaborative's learning sessions: for those of its organization."""
    row = await charters.collaborative(session, collaborative_id)
    charters.require_member_of_organization(viewer, row)
    return list(await repository.sessions(session, row.group_id))
