"""Statements about the credit ledger and the certifications."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, credit_entries_visible
from core.credits.models import Certification, CreditEntry


async def entries_between(
    session: AsyncSession, person_ids: Sequence[int], start: date, end: date, viewer: Viewer
) -> dict[int, list[Any]]:
    """The entries the viewer may see that the people earned from ``start`` to ``end``, per
    person, in the order they were earned."""
    statement = (
        select(CreditEntry.__table__)
        .where(
            CreditEntry.person_id.in_(person_ids),
            CreditEntry.earned_on >= start,
            CreditEntry.earned_on <= end,
            credit_entries_visible(viewer),
        )
        .order_by(CreditEntry.earned_on, CreditEntry.id)
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for row in (await session.execute(statement)).all():
        found[row.person_id].append(row)
    return found


async def certifications(session: AsyncSession, program: str | None) -> Sequence[Any]:
    """Every certification (of one program, when given), each code's periods in order."""
    statement = select(Certification.__table__).order_by(
        Certification.code, Certification.effective_from
    )
    if program is not None:
        statement = statement.where(Certification.program == program)
    return (await session.execute(statement)).all()


async def certification_in_force(
    session: AsyncSession, activity_kind: str, on: date
) -> Certification | None:
    """The activity kind's certification covering ``on``; rates change by period."""
    return await session.scalar(
        select(Certification)
        .where(
            Certification.activity_kind == activity_kind,
            Certification.effective_from <= on,
            or_(Certification.effective_to.is_(None), Certification.effective_to >= on),
        )
        .order_by(Certification.effective_from.desc())
        .limit(1)
    )


def in_scope(scope: str) -> ColumnElement[bool]:
    """Entries counted by a cap on ``scope``: that activity kind, or every kind under it."""
    return or_(
        CreditEntry.scope == scope, CreditEntry.scope.startswith(scope + ".", autoescape=True)
    )


async def scope_total(session: AsyncSession, person_id: int, scope: str) -> Decimal:
    total = await session.scalar(
        select(func.coalesce(func.sum(CreditEntry.amount), 0)).where(
            CreditEntry.person_id == person_id, in_scope(scope)
        )
    )
    assert isinstance(total, Decimal)  # the sum keeps the column's exact Hundredths type
    return total


async def ledger(session: AsyncSession, person_id: int) -> Sequence[CreditEntry]:
    """Every entry of the person's, in the order written."""
    rows = await session.scalars(
        select(CreditEntry).where(CreditEntry.person_id == person_id).order_by(CreditEntry.id)
    )
    return rows.all()
