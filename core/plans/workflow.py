"""Plans as a program's own workflow writes them (Practising Well's learning goals): no one's
permission is asked here, the program asked its own rules first; core holds the program to its
own plan kinds and to the SMART rules those kinds declare, and still raises the version."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import RuleViolation
from core.groups.models import Group
from core.i18n import _
from core.kinds import INVALID, require_own_kind
from core.locks import lock_row
from core.people.models import Person
from core.plans import repository
from core.plans.models import GoalStatus, GoalTerm, Plan, PlanGoal, PlanState
from core.plans.service import (
    add_goal_to,
    plan_kind,
    require_editable,
    require_title,
    submit_checked,
    write,
)
from core.plans.smart import smart_parts
from core.registry import Registry
from core.repository import add, find, remove


def _own(registry: Registry, program: str, kind: str) -> None:
    require_own_kind(registry, program, kind, registry.plan_kinds, "plan kind")


async def plan_of_person(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    kind: str,
    person_id: int,
    organization_id: int,
    title: str,
) -> Plan:
    """The person's plan of a kind, started (as a draft) the first time it is needed. The
    person is locked first, so two requests at once start one plan."""
    _own(registry, program, kind)
    await lock_row(session, Person, person_id, missing="person")
    found = await repository.plan_of_person(session, program, kind, person_id)
    if found is not None:
        return found
    plan = Plan(
        program=program,
        kind=kind,
        organization_id=organization_id,
        person_id=person_id,
        title=require_title(title),
        summary="",
        state=PlanState.DRAFT,
        version=1,
        created_by_id=person_id,
    )
    return await add(session, plan)


async def plan_of_group(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    kind: str,
    group_id: int,
    title: str,
) -> Plan:
    """The group's plan of a kind (a QI group's one Practice Improvement Plan), started as a
    draft the first time it is needed, in the group's organization. The group is locked
    first, so two members starting it at once start one plan."""
    _own(registry, program, kind)
    group = await lock_row(session, Group, group_id, missing="group")
    found = await repository.plan_of_group(session, program, kind, group_id)
    if found is not None:
        return found
    plan = Plan(
        program=program,
        kind=kind,
        organization_id=group.organization_id,
        group_id=group_id,
        title=require_title(title),
        summary="",
        state=PlanState.DRAFT,
        version=1,
    )
    return await add(session, plan)


async def add_goal(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    plan: Plan,
    parts: dict[str, str],
    target_date: date,
    term: GoalTerm,
    version: int | None = None,
) -> PlanGoal:
    """A SMART goal added to one of the program's plans, by its kind's rules; with
    ``version``, only to the version its editor read (CONFLICT otherwise) and only while
    the plan is editable."""
    _own(registry, program, plan.kind)
    if version is not None:
        require_editable(plan)
    goal, _ = await add_goal_to(
        session, plan_kind(registry, plan), plan, version, parts, target_date, term
    )
    return goal


async def revise(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    plan: Plan,
    version: int,
    title: str,
    summary: str,
) -> Plan:
    """Change an editable plan's title and summary at the version its editor read."""
    _own(registry, program, plan.kind)
    require_editable(plan)
    return await write(session, plan, version, title=require_title(title), summary=summary.strip())


async def remove_goal(
    session: AsyncSession, registry: Registry, *, program: str, goal_id: int, version: int
) -> Plan:
    """Remove a goal of an editable plan of the program, at the version its editor read."""
    pair = await goal(session, program=program, goal_id=goal_id)
    if pair is None:
        raise RuleViolation.single(INVALID, _("No such goal."), "goalId")
    found, plan = pair
    _own(registry, program, plan.kind)
    require_editable(plan)
    written = await write(session, plan, version)
    await remove(session, found)
    return written


async def update_goal(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    goal_id: int,
    version: int,
    parts: dict[str, str],
    target_date: date,
    term: GoalTerm,
) -> tuple[PlanGoal, Plan]:
    """Rewrite a goal of an editable plan of the program, by its kind's SMART rules, at the
    version its editor read."""
    pair = await goal(session, program=program, goal_id=goal_id)
    if pair is None:
        raise RuleViolation.single(INVALID, _("No such goal."), "goalId")
    found, plan = pair
    _own(registry, program, plan.kind)
    require_editable(plan)
    stated = smart_parts(plan_kind(registry, plan), parts, target_date, term, utcnow().date())
    written = await write(session, plan, version)
    for name, text in stated.items():
        setattr(found, name, text)
    found.target_date, found.term = target_date, term
    await session.flush()
    return found, written


async def submit(
    session: AsyncSession, registry: Registry, *, program: str, plan: Plan, version: int
) -> Plan:
    """Submit one of the program's plans for review, after the program's own rules (QIG-PIP)
    allowed it; core still asks its kind's goal count."""
    _own(registry, program, plan.kind)
    return await submit_checked(session, registry, plan, version)


async def goal(
    session: AsyncSession, *, program: str, goal_id: int
) -> tuple[PlanGoal, Plan] | None:
    """A goal of one of the program's plans, with its plan; ``None`` for any other."""
    found = await find(session, PlanGoal, goal_id)
    if found is None:
        return None
    plan = await find(session, Plan, found.plan_id, missing="plan")
    return (found, plan) if plan.program == program else None


async def close_goal(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    goal_id: int,
    status: GoalStatus,
    rule: str,
) -> PlanGoal:
    """Mark a goal of the program's plan achieved or set aside, once; ``rule`` names the
    program's rule when it is closed already."""
    pair = await goal(session, program=program, goal_id=goal_id)
    if pair is None:
        raise RuleViolation.single(INVALID, _("No such goal."), "goalId")
    found, plan = pair
    if status == GoalStatus.ACTIVE:
        raise RuleViolation.single(INVALID, _("Close a goal as achieved or set aside."), "status")
    await write(session, plan, None)
    await session.refresh(found)
    if found.status != GoalStatus.ACTIVE:
        closed = (
            _("This goal is achieved already.")
            if found.status == GoalStatus.ACHIEVED
            else _("This goal is set aside already.")
        )
        raise RuleViolation.single(rule, closed)
    found.status = status
    found.closed_at = utcnow()
    await session.flush()
    return found


async def goals_of_person(
    session: AsyncSession, registry: Registry, *, program: str, kind: str, person_id: int
) -> list[Any]:
    """The goals of the person's plans of one of the program's kinds, oldest first."""
    _own(registry, program, kind)
    return await repository.goals_of_person(session, program, kind, person_id)
