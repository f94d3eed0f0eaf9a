"""Statements of the plans slice: who sees a plan, the versioned write, batch reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, staff_scope
from core.db import utcnow
from core.groups.models import Membership, MembershipStatus
from core.plans.models import Plan, PlanGoal, PlanReview
from core.repository import grouped, grouped_by, rows_by_id


def active_groups(person_id: int) -> Any:
    """Groups the person is an active member of: whose shared plans they edit."""
    return select(Membership.group_id).where(
        Membership.person_id == person_id, Membership.status == MembershipStatus.ACTIVE
    )


def plans_visible(viewer: Viewer) -> ColumnElement[bool]:
    """A plan is its owner's, its owning group's active members', and its program's staff's
    in the owner's organization."""
    if not viewer.is_authenticated:
        return false()
    if viewer.is_platform_admin:
        return true()
    assert viewer.person_id is not None
    return or_(
        Plan.person_id == viewer.person_id,
        Plan.group_id.in_(active_groups(viewer.person_id)),
        staff_scope(viewer, Plan.organization_id, Plan.program),
    )


async def visible_plan(session: AsyncSession, viewer: Viewer, plan_id: int) -> Plan | None:
    return await session.scalar(select(Plan).where(Plan.id == plan_id, plans_visible(viewer)))


async def is_active_member(session: AsyncSession, group_id: int, person_id: int) -> bool:
    found = await session.scalar(
        select(Membership.id).where(
            Membership.group_id == group_id,
            Membership.person_id == person_id,
            Membership.status == MembershipStatus.ACTIVE,
        )
    )
    return found is not None


async def bump(
    session: AsyncSession, plan_id: int, version: int | None, **values: Any
) -> Plan | None:
    """Raise the plan's version by one, with ``values``, in ONE conditional UPDATE: only if
    the plan still has the ``version`` its editor read (any version when ``None``). On
    PostgreSQL a concurrent writer waits for the first one's row lock and then finds the
    version moved; SQLite runs writers one at a time. Either way exactly one of several edits
    of one version wins; the others get ``None``."""
    statement = (
        update(Plan)
        .where(Plan.id == plan_id)
        .values(version=Plan.version + 1, updated_at=utcnow(), **values)
        .returning(Plan)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    if version is not None:
        statement = statement.where(Plan.version == version)
    return await session.scalar(statement)


async def goal_count(session: AsyncSession, plan_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(PlanGoal).where(PlanGoal.plan_id == plan_id)
    )
    return count or 0


async def plan_of_person(
    session: AsyncSession, program: str, kind: str, person_id: int
) -> Plan | None:
    """The person's first plan of a kind: a program keeping one plan per person finds it."""
    return await session.scalar(
        select(Plan)
        .where(Plan.program == program, Plan.kind == kind, Plan.person_id == person_id)
        .order_by(Plan.id)
        .limit(1)
    )


async def plan_of_group(
    session: AsyncSession, program: str, kind: str, group_id: int
) -> Plan | None:
    """The group's first plan of a kind: a program keeping one plan per group finds it."""
    return await session.scalar(
        select(Plan)
        .where(Plan.program == program, Plan.kind == kind, Plan.group_id == group_id)
        .order_by(Plan.id)
        .limit(1)
    )


async def goals_of_person(
    session: AsyncSession, program: str, kind: str, person_id: int
) -> list[Any]:
    """The goals of the person's plans of a kind, oldest first."""
    statement = (
        select(PlanGoal.__table__)
        .join(Plan, Plan.id == PlanGoal.plan_id)
        .where(Plan.program == program, Plan.kind == kind, Plan.person_id == person_id)
        .order_by(PlanGoal.id)
    )
    return list((await session.execute(statement)).all())


def plans_of(viewer: Viewer, owner: tuple[str, int], program: str | None) -> Select[Any]:
    """A person's or group's plans the viewer may see. An owner that does not exist simply
    has none, so the list tells no one which IDs exist."""
    kind, pk = owner
    column = Plan.group_id if kind == "Group" else Plan.person_id
    statement = select(Plan).where(column == pk, plans_visible(viewer))
    if program is not None:
        statement = statement.where(Plan.program == program)
    return statement


async def visible_plans_by_id(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Any]:
    return await rows_by_id(session, Plan, ids, plans_visible(viewer))


async def visible_goals_by_id(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Any]:
    """Goals by key for ``node(id:)``: whoever sees the plan sees its goals."""
    shown = select(Plan.id).where(plans_visible(viewer))
    return await rows_by_id(session, PlanGoal, ids, PlanGoal.plan_id.in_(shown))


async def goals_by_plan(session: AsyncSession, plan_ids: Sequence[int]) -> list[list[Any]]:
    return await grouped_by(session, PlanGoal, PlanGoal.plan_id, plan_ids)


async def reviews_by_plan(session: AsyncSession, plan_ids: Sequence[int]) -> list[list[Any]]:
    statement = select(PlanReview.__table__).order_by(PlanReview.id)
    return await grouped(session, statement, PlanReview.plan_id, plan_ids)
