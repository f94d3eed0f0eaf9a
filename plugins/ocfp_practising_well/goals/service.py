"""SMART learning goals (PW-GOALS) and periodic progress surveys (PW-PROGRESS).

A learner's goals are the goals of their core plan of the kind ``learning_goals`` (one per
learner, started with their first goal): core keeps them and checks them SMART by the rules
this program declares for the kind (``plugin.register_plan_kinds``). What stays here is
Practising Well's own: who may set and close a goal, the guide a goal is worked on with, and
the progress surveys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.certificates.models import Certificate
from core.db import utcnow
from core.due_items import service as due_items
from core.errors import RuleViolation
from core.i18n import N_
from core.plans import models as plans
from core.plans import workflow
from core.privacy.screen import screen
from core.programs import PlanKind
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
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.models import (
    GoalGuide,
    GoalStatus,
    GoalTerm,
    Learner,
    ProgressReport,
)
from plugins.ocfp_practising_well.reporting import service as reporting

GOALS = "PW-GOALS"
PROGRESS = "PW-PROGRESS"
LEARNING_GOALS = f"{SLUG}.learning_goals"
PLAN_KIND = PlanKind(
    LEARNING_GOALS,
    N_("Practising Well learning goals"),
    owner="person",
    rule=GOALS,
    short_term_days=(1, 183),  # "a few months"
    long_term_days=(183, 366),  # "6-12 months"
    program_managed=True,
)


async def set_goal(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    specific: str,
    measurable: str,
    achievable: str,
    relevant: str,
    target_date: date,
    term: GoalTerm,
    guide_id: int | None,
) -> plans.PlanGoal:
    """The learner sets a SMART goal, possibly one worked on with a particular guide."""
    learner = await require_approved_learner(session, viewer.require_person())
    parts = {
        "specific": specific,
        "measurable": measurable,
        "achievable": achievable,
        "relevant": relevant,
    }
    plan = await workflow.plan_of_person(
        session,
        registry,
        program=SLUG,
        kind=LEARNING_GOALS,
        person_id=learner.person_id,
        organization_id=learner.organization_id,
        title=PLAN_KIND.title,
    )
    goal = await workflow.add_goal(
        session,
        registry,
        program=SLUG,
        plan=plan,
        parts=parts,
        target_date=target_date,
        term=plans.GoalTerm(term.value),
    )
    if guide_id is not None:
        guide = await accounts.guide(session, guide_id)
        if guide is None or not await accounts.guides_learner(
            session, guide.person_id, learner.person_id
        ):
            raise RuleViolation.single(
                GOALS, _("Work a goal with a guide you are matched with."), "guideId"
            )
        await accounts.add(session, GoalGuide(goal_id=goal.id, guide_id=guide_id))
    return goal


async def learners_goal(
    session: AsyncSession, learner: Learner, goal_id: int
) -> plans.PlanGoal | None:
    """The goal, if it is one of the learner's."""
    found = await workflow.goal(session, program=SLUG, goal_id=goal_id)
    if found is None or found[1].person_id != learner.person_id:
        return None
    return found[0]


async def close_goal(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    goal_id: int,
    status: GoalStatus,
) -> plans.PlanGoal:
    """Mark a goal achieved (the learner may then set another) or set it aside."""
    viewer.require_person()
    found = await workflow.goal(session, program=SLUG, goal_id=goal_id)
    owner = None if found is None else found[1].person_id
    learner = None if owner is None else await accounts.learner_of(session, owner)
    if learner is None:
        raise hidden(viewer, "goal")
    await require_follower(session, viewer, learner)
    return await workflow.close_goal(
        session,
        registry,
        program=SLUG,
        goal_id=goal_id,
        status=plans.GoalStatus(status.value),
        rule=GOALS,
    )


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
    screen(reflection=reflection)
    learner = await require_approved_learner(session, viewer.require_person())
    if not 1 <= progress <= 5:
        raise RuleViolation.single(INVALID, _("Rate progress from 1 to 5."), "progress")
    if goal_id is not None and await learners_goal(session, learner, goal_id) is None:
        raise RuleViolation.single(INVALID, _("Report on one of your own goals."), "goalId")
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


async def goals(
    session: AsyncSession, registry: Registry, viewer: Viewer, person_id: int
) -> list[Any]:
    """A learner's goals, for whoever follows the learner."""
    learner = await learner_by_person(session, viewer, person_id)
    return await workflow.goals_of_person(
        session, registry, program=SLUG, kind=LEARNING_GOALS, person_id=learner.person_id
    )


async def progress_reports(session: AsyncSession, viewer: Viewer, person_id: int) -> list[Any]:
    """A learner's answered surveys, for whoever follows the learner."""
    learner = await learner_by_person(session, viewer, person_id)
    return await repository.reports_of(session, learner.id)
