"""The group Practice Improvement Plan: one core plan of the program's group-owned kind, which
any active member edits at the version they read (core refuses a stale one with CONFLICT).

QIG-GOALS: at least two goals, at most one physician health / self-care goal (core goals have
no category; the program keeps it beside each goal). QIG-PIP: areas of strength and for
improvement named, and submitted only once every member completed all four activities;
:func:`eligibility` says exactly who misses what. CPSO staff review it with core's
``reviewPlan``; acceptance is handled in ``pip.completion``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.errors import Forbidden, Reason, RuleViolation
from core.i18n import N_, Text
from core.kinds import INVALID
from core.people.models import Person
from core.plans import workflow
from core.plans.models import GoalTerm, Plan, PlanGoal
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import by_id, find
from plugins.cpso_qi_groups import PIP_KIND, SLUG
from plugins.cpso_qi_groups.activities import repository as activities
from plugins.cpso_qi_groups.activities.service import activity_name, missing
from plugins.cpso_qi_groups.groups import repository as groups
from plugins.cpso_qi_groups.groups.service import qi_group
from plugins.cpso_qi_groups.i18n import _
from plugins.cpso_qi_groups.models import PipDetails, QiActivity
from plugins.cpso_qi_groups.pip import repository

GOALS, PIP = "QIG-GOALS", "QIG-PIP"
MIN_GOALS, MAX_SELF_CARE = 2, 1
MAX_TEXT = 4000
SELF_CARE_LIMIT = N_("A PIP has at most one physician health / self-care goal.")


@dataclass
class PipView:
    """The plan, its strengths and improvements, and its goals with their category."""

    plan: Plan
    details: PipDetails | None
    goals: list[tuple[PlanGoal, bool]]


@dataclass
class Missing:
    person_id: int
    name: str
    activities: list[QiActivity]


@dataclass
class Eligibility:
    """Whether the PIP may be submitted now, and every reason it may not."""

    eligible: bool
    missing: list[Missing] = field(default_factory=list)
    reasons: list[tuple[str, Text]] = field(default_factory=list)


async def view(session: AsyncSession, plan: Plan) -> PipView:
    return PipView(
        plan, await repository.details(session, plan.id), await repository.goals(session, plan.id)
    )


async def _pip(session: AsyncSession, viewer: Viewer, plan_id: int, *, staff: bool) -> Plan:
    """A group PIP the viewer may act on: its group's active member (or, with ``staff``, the
    program's staff); FORBIDDEN for any other plan, whether or not it exists."""
    plan = await find(session, Plan, plan_id)
    if plan is None or plan.kind != PIP_KIND or plan.group_id is None:
        raise Forbidden()
    await qi_group(session, viewer, plan.group_id, staff=staff)
    return plan


def group_of(plan: Plan) -> int:
    """The group owning a PIP (``_pip`` admits only group-owned plans)."""
    if plan.group_id is None:
        raise Forbidden()
    return plan.group_id


async def start_pip(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, group_id: int
) -> PipView:
    """The group's one PIP, started as a draft by any member the first time."""
    group = await qi_group(session, viewer, group_id, staff=False)
    plan = await workflow.plan_of_group(
        session,
        registry,
        program=SLUG,
        kind=PIP_KIND,
        group_id=group.id,
        title=f"Practice Improvement Plan of {group.name}"[:200],
    )
    await repository.ensure_details(session, plan.id, group.id)
    return await view(session, plan)


async def pip(session: AsyncSession, viewer: Viewer, *, group_id: int) -> PipView | None:
    group = await qi_group(session, viewer, group_id)
    plan = await repository.pip_of_group(session, group.id)
    return None if plan is None else await view(session, plan)


def _text(value: str, name: str) -> str:
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise RuleViolation.single(INVALID, _("At most {most} characters.", most=MAX_TEXT), name)
    return text


async def update_pip(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    plan_id: int,
    version: int,
    strengths: str,
    improvements: str,
) -> PipView:
    """Any member rewrites the areas of strength and for improvement, at the version read."""
    screen(strengths=strengths, improvements=improvements)
    plan = await _pip(session, viewer, plan_id, staff=False)
    written = await workflow.revise(
        session,
        registry,
        program=SLUG,
        plan=plan,
        version=version,
        title=plan.title,
        summary=plan.summary,
    )
    await repository.ensure_details(session, plan.id, group_of(written))
    details = await repository.details(session, plan.id)
    if details is None:
        raise Forbidden()
    details.strengths = _text(strengths, "strengths")
    details.improvements = _text(improvements, "improvements")
    await session.flush()
    return await view(session, written)


def _require_self_care_room(other_goals: list[bool], self_care: bool) -> None:
    """QIG-GOALS: a goal may be the self-care one only while the PIP's other goals hold fewer
    than ``MAX_SELF_CARE`` of them."""
    if self_care and sum(other_goals) >= MAX_SELF_CARE:
        raise RuleViolation.single(GOALS, _(SELF_CARE_LIMIT), "selfCare")


async def add_goal(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    plan_id: int,
    version: int,
    specific: str,
    measurable: str,
    achievable: str,
    relevant: str,
    target_date: date,
    term: GoalTerm,
    self_care: bool,
) -> PipView:
    """A SMART goal (core's rules) added at the version read; a second self-care goal is
    refused (QIG-GOALS)."""
    plan = await _pip(session, viewer, plan_id, staff=False)
    _require_self_care_room(
        [care for _, care in await repository.goals(session, plan.id)], self_care
    )
    parts = {
        "specific": specific,
        "measurable": measurable,
        "achievable": achievable,
        "relevant": relevant,
    }
    goal = await workflow.add_goal(
        session,
        registry,
        program=SLUG,
        plan=plan,
        parts=parts,
        target_date=target_date,
        term=term,
        version=version,
    )
    await repository.add_category(session, goal.id, plan.id, self_care)
    await session.refresh(plan)
    return await view(session, plan)


async def update_goal(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    goal_id: int,
    version: int,
    specific: str,
    measurable: str,
    achievable: str,
    relevant: str,
    target_date: date,
    term: GoalTerm,
    self_care: bool,
) -> PipView:
    """Any member rewrites a goal at the version read; making it the second self-care goal is
    refused (QIG-GOALS)."""
    pair = await workflow.goal(session, program=SLUG, goal_id=goal_id)
    if pair is None:
        raise Forbidden()
    plan = await _pip(session, viewer, pair[1].id, staff=False)
    others = [care for g, care in await repository.goals(session, plan.id) if g.id != goal_id]
    _require_self_care_room(others, self_care)
    parts = {
        "specific": specific,
        "measurable": measurable,
        "achievable": achievable,
        "relevant": relevant,
    }
    _, written = await workflow.update_goal(
        session,
        registry,
        program=SLUG,
        goal_id=goal_id,
        version=version,
        parts=parts,
        target_date=target_date,
        term=term,
    )
    await repository.remove_category(session, goal_id)
    await repository.add_category(session, goal_id, plan.id, self_care)
    return await view(session, written)


async def remove_goal(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, goal_id: int, version: int
) -> PipView:
    pair = await workflow.goal(session, program=SLUG, goal_id=goal_id)
    if pair is None:
        raise Forbidden()
    await _pip(session, viewer, pair[1].id, staff=False)
    await repository.remove_category(session, goal_id)
    written = await workflow.remove_goal(
        session, registry, program=SLUG, goal_id=goal_id, version=version
    )
    return await view(session, written)


async def eligibility(session: AsyncSession, viewer: Viewer, *, group_id: int) -> Eligibility:
    """QIG-PIP and QIG-GOALS asked now: who misses which activities, and what the PIP lacks."""
    group = await qi_group(session, viewer, group_id)
    return await _eligibility(session, group.id)


async def _eligibility(session: AsyncSession, group_id: int) -> Eligibility:
    members = await groups.active_members(session, [group_id])
    done = await activities.completed_by_group(session, [group_id])
    people = await _names(session, [m.person_id for m in members])
    lacking = [
        Missing(m.person_id, people[m.person_id], gaps)
        for m in members
        if (gaps := missing(done.get((group_id, m.person_id), set())))
    ]
    reasons = [
        (
            PIP,
            _(
                "{name} has not completed: {activities}.",
                name=who.name,
                activities=", ".join(activity_name(a) for a in who.activities),
            ),
        )
        for who in lacking
    ]
    plan = await repository.pip_of_group(session, group_id)
    goals = [] if plan is None else await repository.goals(session, plan.id)
    details = None if plan is None else await repository.details(session, plan.id)
    if plan is None:
        reasons.append((PIP, _("The group has not started its PIP.")))
    elif details is None or not (details.strengths and details.improvements):
        reasons.append((PIP, _("The PIP names areas of strength and areas for improvement.")))
    if len(goals) < MIN_GOALS:
        reasons.append(
            (
                GOALS,
                _("A PIP has at least {least} goals; it has {n}.", least=MIN_GOALS, n=len(goals)),
            )
        )
    if sum(care for _, care in goals) > MAX_SELF_CARE:
        reasons.append((GOALS, _(SELF_CARE_LIMIT)))
    return Eligibility(not reasons, lacking, reasons)


async def _names(session: AsyncSession, person_ids: list[int]) -> dict[int, str]:
    rows = await by_id(session, person_ids, Person)
    return {p.id: f"{p.given_name} {p.family_name}" for p in rows}


async def submit_pip(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, plan_id: int, version: int
) -> PipView:
    """Submit the PIP for CPSO's review, only when QIG-PIP and QIG-GOALS hold."""
    plan = await _pip(session, viewer, plan_id, staff=False)
    found = await _eligibility(session, group_of(plan))
    if not found.eligible:
        raise RuleViolation([Reason(code, message) for code, message in found.reasons])
    written = await workflow.submit(session, registry, program=SLUG, plan=plan, version=version)
    return await view(session, written)
