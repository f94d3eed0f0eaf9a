"""Statements reading the credit ledger and the certifications, for the API's reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
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
