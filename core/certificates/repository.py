"""Statements about certificates and the credits that reached the credit system."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.certificates.models import CertifiedEntry, CreditReport
from core.credits.models import Certification, CreditEntry
from core.credits.repository import in_scope


def outstanding() -> ColumnElement[bool]:
    """Ledger entries that have not reached the credit system yet: on no certificate and not
    reported by their program. A credit reaches it one way, once."""
    return and_(
        CreditEntry.id.not_in(select(CertifiedEntry.credit_entry_id)),
        CreditEntry.id.not_in(select(CreditReport.credit_entry_id)),
    )


async def people_of_entries(session: AsyncSession, entry_ids: Sequence[int]) -> Sequence[int]:
    """Whose entries these are, in key order: the order their rows are locked in."""
    people = await session.scalars(
        select(CreditEntry.person_id)
        .where(CreditEntry.id.in_(entry_ids))
        .distinct()
        .order_by(CreditEntry.person_id)
    )
    return people.all()


async def outstanding_of_program(
    session: AsyncSession, program: str, entry_ids: Sequence[int]
) -> set[int]:
    """Those of the entries that are the program's and still outstanding."""
    found = await session.scalars(
        select(CreditEntry.id).where(
            CreditEntry.id.in_(entry_ids), CreditEntry.program == program, outstanding()
        )
    )
    return set(found)


async def certifiable(
    session: AsyncSession,
    *,
    person_id: int,
    organization_id: int,
    program: str,
    period_start: date,
    period_end: date,
    scope: str | None,
) -> Sequence[Any]:
    """The person's outstanding entries in the program earned within the period at the
    organization (its activities, and achievements it credited), of one scope when given,
    with their amounts and certification codes, in the order written."""
    rows = await session.execute(
        select(CreditEntry.id, CreditEntry.amount, Certification.code)
        .outerjoin(Certification, Certification.id == CreditEntry.certification_id)
        .where(
            CreditEntry.organization_id == organization_id,
            CreditEntry.person_id == person_id,
            CreditEntry.program == program,
            CreditEntry.earned_on.between(period_start, period_end),
            outstanding(),
            in_scope(scope) if scope is not None else true(),
        )
        .order_by(CreditEntry.id)
    )
    return rows.all()
