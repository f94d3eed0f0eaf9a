"""Statements of group PIPs (core plans of the program's kind), their details, goal
categories and completions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.credits.models import CreditEntry
from core.groups.models import Group
from core.plans import repository as plans
from core.plans.models import Plan, PlanGoal
from core.repository import insert_if_absent
from plugins.cpso_qi_groups import PIP_KIND, SLUG
from plugins.cpso_qi_groups.models import Completion, PipDetails, PipGoal


async def pip_of_group(session: AsyncSession, group_id: int) -> Plan | None:
    return await plans.plan_of_group(session, SLUG, PIP_KIND, group_id)


async def pips_of_groups(session: AsyncSession, group_ids: Sequence[int]) -> dict[int, Plan]:
    rows = await session.scalars(
        select(Plan).where(Plan.kind == PIP_KIND, Plan.group_id.in_(group_ids))
    )
    return {p.group_id: p for p in rows.all() if p.group_id is not None}


async def ensure_details(session: AsyncSession, plan_id: int, group_id: int) -> None:
    await insert_if_absent(
        session,
        PipDetails,
        {"plan_id": plan_id, "group_id": group_id, "strengths": "", "improvements": ""},
        ("plan_id",),
    )


async def details(session: AsyncSession, plan_id: int) -> PipDetails | None:
    return await session.get(PipDetails, plan_id, populate_existing=True)


async def goals(session: AsyncSession, plan_id: int) -> list[tuple[PlanGoal, bool]]:
    """The PIP's goals with whether each is a physician health / self-care goal."""
    rows = await session.execute(
        select(PlanGoal, PipGoal.self_care)
        .outerjoin(PipGoal, PipGoal.goal_id == PlanGoal.id)
        .where(PlanGoal.plan_id == plan_id)
        .order_by(PlanGoal.id)
    )
    return [(goal, bool(self_care)) for goal, self_care in rows.all()]


async def add_category(session: AsyncSession, goal_id: int, plan_id: int, self_care: bool) -> None:
    session.add(PipGoal(goal_id=goal_id, plan_id=plan_id, self_care=self_care))
    await session.flush()


async def remove_category(session: AsyncSession, goal_id: int) -> None:
    await session.execute(delete(PipGoal).where(PipGoal.goal_id == goal_id))


async def complete(
    session: AsyncSession,
    *,
    person_id: int,
    group_id: int,
    plan_id: int,
    completed_on: date,
    met_until: date,
) -> None:
    await insert_if_absent(
        session,
        Completion,
        {
            "person_id": person_id,
            "group_id": group_id,
            "plan_id": plan_id,
            "completed_on": completed_on,
            "met_until": met_until,
        },
        ("plan_id", "person_id"),
    )


async def completions_of(session: AsyncSession, person_id: int) -> list[tuple[Completion, Any]]:
    """The person's completions with the organization of each group, newest first."""
    rows = await session.execute(
        select(Completion, Group.organization_id, Group.name)
        .join(Group, Group.id == Completion.group_id)
        .where(Completion.person_id == person_id)
        .order_by(Completion.completed_on.desc(), Completion.id.desc())
    )
    return [(c, (org, name)) for c, org, name in rows.all()]


async def credit_entries(session: AsyncSession, person_id: int) -> list[CreditEntry]:
    rows = await session.scalars(
        select(CreditEntry)
        .where(CreditEntry.person_id == person_id, CreditEntry.program == SLUG)
        .order_by(CreditEntry.id)
    )
    return list(rows.all())
