"""In-practice support visits after a session (SGLS-VISITS): the division's coordinators and
its peer mentors log a visit to a practice against a physician's action plan for the session;
the division's staff, the mentors and the plan's physician read them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.activities.models import Activity
from core.errors import Forbidden, RuleViolation
from core.people.models import Role
from core.plans.models import Plan
from core.privacy.screen import screen
from core.repository import add, find
from plugins.psp_sgls import ACTION_PLAN, SLUG
from plugins.psp_sgls.i18n import _
from plugins.psp_sgls.models import Session, Visit
from plugins.psp_sgls.visits import repository

VISITS = "SGLS-VISITS"


def supports(viewer: Viewer, division_id: int) -> bool:
    """The division's staff, or a peer mentor (a guide of the program) reaching it."""
    if viewer.is_staff(division_id, SLUG):
        return True
    return any(g.role == Role.GUIDE and g.covers(division_id, SLUG) for g in viewer.grants)


async def log_visit(
    db: AsyncSession,
    viewer: Viewer,
    *,
    session_id: int,
    plan_id: int,
    practice: str,
    visited_on: date,
    notes: str = "",
) -> Visit:
    screen(notes=notes)
    visitor = viewer.require_person()
    row = await find(db, Session, session_id, missing="session")
    if not supports(viewer, row.division_id):
        raise Forbidden(_("Only the division's coordinators and peer mentors log support visits."))
    plan = await find(db, Plan, plan_id, missing="plan")
    if plan.program != SLUG or plan.kind != ACTION_PLAN or plan.subject_id != row.id:
        raise RuleViolation.single(
            VISITS, _("A visit supports an action plan made for this session."), "planId"
        )
    activity = await find(db, Activity, row.activity_id, missing="activity")
    if visited_on < activity.starts_at.date():
        raise RuleViolation.single(
            VISITS, _("Support visits follow the session, never precede it."), "visitedOn"
        )
    practice = practice.strip()
    if not 0 < len(practice) <= 200:
        raise RuleViolation.single(VISITS, _("Name the practice visited."), "practice")
    visit = Visit(
        session_id=row.id,
        plan_id=plan.id,
        visitor_id=visitor,
        practice=practice,
        visited_on=visited_on,
        notes=notes,
    )
    return await add(db, visit)


async def visits(db: AsyncSession, viewer: Viewer, *, session_id: int) -> Sequence[Visit]:
    """The session's visits: all of them for its supporters, their own plan's for others."""
    person = viewer.require_person()
    row = await find(db, Session, session_id, missing="session")
    found = await repository.visits_of_session(db, row.id)
    if supports(viewer, row.division_id):
        return found
    plans = await repository.plans_of_person(db, [v.plan_id for v in found], person)
    return [v for v in found if v.plan_id in plans]
