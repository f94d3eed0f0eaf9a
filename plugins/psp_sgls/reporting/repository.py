"""The statements of the provincial aggregates: each figure one grouped query over the
divisions at or below an organization, never a query per division or series."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.activities.models import Participation
from core.budgets.models import Allocation, SpendingEntry
from core.certificates.models import Certificate
from core.credits.models import CreditEntry
from core.people.hierarchy import at_or_below
from core.people.models import Organization, Person, Profession
from core.plans.models import Plan, PlanState
from core.questionnaires.models import Submission
from plugins.psp_sgls import ACTION_PLAN, QUESTIONNAIRE_KEY, SLUG
from plugins.psp_sgls.models import Payment, Session

Key = tuple[int, int]  # (division, series)
PHYSICIANS = (Profession.FAMILY_PHYSICIAN, Profession.SPECIALIST, Profession.RESIDENT)


def _below(organization_id: int) -> Any:
    """The organization and every one below it (its RSTs and their divisions)."""
    root = select(Organization.id).where(Organization.id == organization_id)
    return select(at_or_below(root).c.organization_id)


async def _grouped(db: AsyncSession, statement: Any) -> dict[Key, Any]:
    return {(row[0], row[1]): row[2:] for row in await db.execute(statement)}


async def session_counts(db: AsyncSession, organization_id: int) -> dict[Key, Any]:
    return await _grouped(
        db,
        select(Session.division_id, Session.series_id, func.count(Session.id))
        .where(Session.division_id.in_(_below(organization_id)))
        .group_by(Session.division_id, Session.series_id),
    )


async def participants(db: AsyncSession, organization_id: int) -> dict[Key, Any]:
    """Distinct people who attended, by profession: physicians, MOAs, allied health."""

    def distinct(condition: Any) -> Any:
        return func.count(func.distinct(case((condition, Participation.person_id))))

    return await _grouped(
        db,
        select(
            Session.division_id,
            Session.series_id,
            distinct(Person.profession.in_(PHYSICIANS)),
            distinct(Person.profession == Profession.MOA),
            distinct(Person.profession.not_in((*PHYSICIANS, Profession.MOA))),
        )
        .join(Participation, Participation.activity_id == Session.activity_id)
        .join(Person, Person.id == Participation.person_id)
        .where(
            Session.division_id.in_(_below(organization_id)), Participation.withdrawn_at.is_(None)
        )
        .group_by(Session.division_id, Session.series_id),
    )


async def action_plans(db: AsyncSession, organization_id: int) -> dict[Key, Any]:
    return await _grouped(
        db,
        select(Session.division_id, Session.series_id, func.count(Plan.id))
        .join(Plan, Plan.subject_id == Session.id)
        .where(
            Session.division_id.in_(_below(organization_id)),
            Plan.program == SLUG,
            Plan.kind == ACTION_PLAN,
            Plan.state.in_((PlanState.SUBMITTED, PlanState.ACCEPTED)),
        )
        .group_by(Session.division_id, Session.series_id),
    )


async def questionnaires(db: AsyncSession, organization_id: int) -> dict[Key, Any]:
    return await _grouped(
        db,
        select(Session.division_id, Session.series_id, func.count(Submission.id))
        .join(Submission, Submission.subject_id == Session.id)
        .where(
            Session.division_id.in_(_below(organization_id)),
            Submission.program == SLUG,
            Submission.key == QUESTIONNAIRE_KEY,
            Submission.subject_type == "PspSession",
        )
        .group_by(Session.division_id, Session.series_id),
    )


async def credits(db: AsyncSession, organization_id: int) -> dict[Key, Any]:
    return await _grouped(
        db,
        select(Session.division_id, Session.series_id, func.sum(CreditEntry.amount))
        .join(CreditEntry, CreditEntry.activity_id == Session.activity_id)
        .where(Session.division_id.in_(_below(organization_id)))
        .group_by(Session.division_id, Session.series_id),
    )


async def payments(db: AsyncSession, organization_id: int) -> dict[Key, Any]:
    return await _grouped(
        db,
        select(
            Session.division_id, Session.series_id, func.count(Payment.id), func.sum(Payment.amount)
        )
        .join(Payment, Payment.session_id == Session.id)
        .where(Session.division_id.in_(_below(organization_id)))
        .group_by(Session.division_id, Session.series_id),
    )


async def certificates(db: AsyncSession, organization_id: int) -> dict[int, int]:
    rows = await db.execute(
        select(Certificate.organization_id, func.count(Certificate.id))
        .where(
            Certificate.organization_id.in_(_below(organization_id)), Certificate.program == SLUG
        )
        .group_by(Certificate.organization_id)
    )
    return {row[0]: row[1] for row in rows}


async def funds_spent(db: AsyncSession, organization_id: int) -> dict[int, Decimal]:
    rows = await db.execute(
        select(Allocation.organization_id, func.sum(SpendingEntry.amount))
        .join(SpendingEntry, SpendingEntry.allocation_id == Allocation.id)
        .where(Allocation.organization_id.in_(_below(organization_id)), Allocation.program == SLUG)
        .group_by(Allocation.organization_id)
    )
    return {row[0]: row[1] for row in rows}


async def names(db: AsyncSession, model: Any, ids: Sequence[int]) -> dict[int, str]:
    column = model.name if hasattr(model, "name") else model.title
    rows = await db.execute(select(model.id, column).where(model.id.in_(ids)))
    return {row[0]: row[1] for row in rows}


async def payments_due(db: AsyncSession, organization_id: int) -> list[Any]:
    """Physicians who attended, whose action plan is in and who are not yet paid."""
    paid = select(Payment.id).where(
        Payment.session_id == Session.id, Payment.person_id == Participation.person_id
    )
    statement = (
        select(Session.id, Session.division_id, Person.id, Person.given_name, Person.family_name)
        .join(Participation, Participation.activity_id == Session.activity_id)
        .join(Person, Person.id == Participation.person_id)
        .join(
            Plan,
            (Plan.subject_id == Session.id)
            & (Plan.person_id == Person.id)
            & (Plan.program == SLUG)
            & (Plan.kind == ACTION_PLAN)
            & Plan.state.in_((PlanState.SUBMITTED, PlanState.ACCEPTED)),
        )
        .where(
            Session.division_id.in_(_below(organization_id)),
            Participation.withdrawn_at.is_(None),
            Person.profession.in_(PHYSICIANS),
            ~paid.exists(),
        )
        .distinct()
        .order_by(Session.id, Person.id)
    )
    return list(await db.execute(statement))
