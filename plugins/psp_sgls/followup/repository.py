"""The statements of follow-up: attendance, action plans and payments of a session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.activities.models import Participation
from core.plans.models import Plan, PlanState
from plugins.psp_sgls import ACTION_PLAN, SLUG
from plugins.psp_sgls.models import Payment


async def attended(db: AsyncSession, activity_id: int, person_id: int) -> Participation | None:
    return await db.scalar(
        select(Participation).where(
            Participation.activity_id == activity_id,
            Participation.person_id == person_id,
            Participation.withdrawn_at.is_(None),
        )
    )


async def submitted_plan(db: AsyncSession, session_id: int, person_id: int) -> Plan | None:
    """The person's action plan about the session, submitted (or accepted) by them."""
    return await db.scalar(
        select(Plan)
        .where(
            Plan.program == SLUG,
            Plan.kind == ACTION_PLAN,
            Plan.person_id == person_id,
            Plan.subject_id == session_id,
            Plan.state.in_((PlanState.SUBMITTED, PlanState.ACCEPTED)),
        )
        .order_by(Plan.id)
        .limit(1)
    )


async def payment(db: AsyncSession, session_id: int, person_id: int) -> Payment | None:
    return await db.scalar(
        select(Payment).where(Payment.session_id == session_id, Payment.person_id == person_id)
    )
