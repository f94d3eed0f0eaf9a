"""Progress surveys (PW-PROGRESS): core due items that fall due periodically."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.due_items import service as due_items
from core.due_items.models import DueItem
from plugins.ocfp_practising_well import SURVEY


def _overdue(today: date) -> ColumnElement[bool]:
    """A survey still owed past its date; one closed when its learner left is not owed."""
    return and_(DueItem.kind == SURVEY, due_items.overdue(today))


async def overdue_surveys(session: AsyncSession, person_id: int, today: date) -> list[DueItem]:
    rows = await session.scalars(
        select(DueItem).where(DueItem.person_id == person_id, _overdue(today))
    )
    return list(rows.all())


def behind_on_surveys(today: date) -> Select[tuple[int]]:
    """People with an overdue progress survey: PW-PROGRESS holds their credits back from
    Mainpro+ whichever way they reach it (a certificate, or OCFP entering them)."""
    return select(DueItem.person_id).where(_overdue(today))
