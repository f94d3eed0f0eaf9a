"""SMART learning goals (PW-GOALS) and periodic progress surveys (PW-PROGRESS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.certificates.models import Certificate
from core.db import utcnow
from core.due_items import service as due_items
from core.errors import Reason, RuleViolation
from core.registry import Registry
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.accounts import repository as accounts
from plugins.ocfp_practising_well.accounts.service import (
    INVALID,
    learner_by_person,
    require_approved_learner,
    require_follower,
    schedule_survey,
)
from plugins.ocfp_practising_well.goals import repository
from plugins.ocfp_practising_well.models import Goal, GoalStatus, GoalTerm, ProgressReport
from plugins.ocfp_practising_well.reporting import service as reporting

GOALS = "PW-GOALS"
PROGRESS = "PW-PROGRESS"
SHORT_TERM_MAX_DAYS = 183  # "a few months"
LONG_TERM_DAYS = (183, 366)  # "6-12 months"


def _check_smart(
    parts: dict[str, str], target_date: date, term: GoalTerm, today: date
) -> list[tuple[str, str]]:
    problems = [
        (name, f"A SMART goal states what makes it {name}.")
        for name, text in parts.items()
        if not text.strip()
    ]
    days = (target_date - today).days
    if days <= 0:
        problems.append(("targetDate", "A goal is time-based: its target date is in the future."))
    elif term == GoalTerm.SHORT and days > SHORT_TERM_MAX_DAYS:
        problems.append(
            ("targetDate", "A short-term goal takes a few months: set a date within 6 months.")
        )
    elif term == GoalTerm.LONG and not LONG_TERM_DAYS[0] <= days <= LONG_TERM_DAYS[1]:
        problems.append(("targetDate", "A long-term goal takes 6 to 12 months."))
    return problems


async def set_goal(
    session: AsyncSession,
    viewer: Viewer,
    *,
    specific: str,
    measurable: str,
    achievable: str,
    relevant: str,
    target_date: date,
    term: GoalTerm,
    guide_id: int | None,
) -> Goal:
    """The learner sets a SMART goal, possibly one worked on with a particular guide."""
    learner = await require_approved_learner(session, viewer.require_person())
    parts = {
        "specific": specific,
        "measurable": measurable,
        "achievable": achievable,
        "relevant": relevant,
    }
    problems = _check_smart(parts, target_date, term, utcnow().date())
    if problems:
        raise RuleViolation([Reason(GOALS, message, field=field) for field, message in problems])
    if guide_id is not None:
        guide = await accounts.guide(session, guide_id)
        if guide is None or not await accounts.guides_learner(
            session, guide.person_id, learner.person_id
        ):
            raise RuleViolation.single(
                GOALS, "Work a goal with a guide you are matched with.", "guideId"
            )
    goal = Goal(
        learner_id=learner.id,
        guide_id=guide_id,
        target_date=target_date,
        term=term,
        status=GoalStatus.ACTIVE,
        **{name: text.strip() for name, text in parts.items()},
    )
    await accounts.add(session, goal)
    return goal


async def close_goal(
    session: AsyncSession, viewer: Viewer, *, goal_id: int, status: GoalStatus
) -> Goal:
    """Mark a goal achieved (the learner may then set another) or set it aside."""
    goal = await repository.goal(session, goal_id)
    if goal is None:
        viewer.require_person()
        raise hidden(viewer, "goal")
    learner = await accounts.learner(session, goal.learner_id)
    assert learner is not None
    await require_follower(session, viewer, learner)
    if status == GoalStatus.ACTIVE:
        raise RuleViolation.single(INVALID, "Close a goal as achieved or set aside.", "status")
    if goal.status != GoalStatus.ACTIVE:
        raise RuleViolation.single(GOALS, f"This goal is {goal.status.value} already.")
    goal.status = status
    goal.closed_at = utcnow()
    await session.flush()
    return goal


@dataclass(frozen=True)
class Progress:
    """An answered survey, and the certificates it released (PW-PROGRESS cleared)."""

    report: ProgressReport
    released: list[Certificate]


async def submit_progress(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    progress: int,
    reflection: str,
    goal_id: int | None,
) -> Progress:
    """The learner answers the brief progress survey: the oldest open one is completed, the
    next is scheduled, and what an overdue survey held back is released (PW-PROGRESS)."""
    learner = await require_approved_learner(session, viewer.require_person())
    if not 1 <= progress <= 5:
        raise RuleViolation.single(INVALID, "Rate progress from 1 to 5.", "progress")
    if goal_id is not None:
        goal = await repository.goal(session, goal_id)
        if goal is None or goal.learner_id != learner.id:
            raise RuleViolation.single(INVALID, "Report on one of your own goals.", "goalId")
    due = await repository.oldest_open_survey(session, learner.person_id)
    now = utcnow()
    if due is not None:
        await due_items.complete_for_program(session, registry, program=SLUG, item_id=due.id)
    report = ProgressReport(
        learner_id=learner.id,
        due_item_id=due.id if due is not None else None,
        goal_id=goal_id,
        progress=progress,
        reflection=reflection.strip(),
        submitted_at=now,
    )
    await accounts.add(session, report)
    if due is not None or not await repository.survey_scheduled(session, learner.person_id):
        await schedule_survey(session, registry, learner, now.date())
    await session.flush()
    released = await reporting.release_withheld(session, registry, learner)
    return Progress(report, released)


async def goals(session: AsyncSession, viewer: Viewer, person_id: int) -> list[Any]:
    """A learner's goals, for whoever follows the learner."""
    learner = await learner_by_person(session, viewer, person_id)
    return await repository.goals_of(session, learner.id)


async def progress_reports(session: AsyncSession, viewer: Viewer, person_id: int) -> list[Any]:
    """A learner's answered surveys, for whoever follows the learner."""
    learner = await learner_by_person(session, viewer, person_id)
    return await repository.reports_of(session, learner.id)
