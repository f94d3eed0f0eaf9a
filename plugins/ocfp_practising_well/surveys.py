"""Progress surveys (PW-PROGRESS): core due items that fall due periodically."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.due_items import service as due_items
from core.due_items.models import DueItem
from core.registry import Registry
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.models import Learner

SURVEY = f"{SLUG}.progress_survey"


async def schedule_survey(
    session: AsyncSession, registry: Registry, learner: Learner, interval_days: int, today: date
) -> DueItem:
    return await due_items.schedule_due_item(
        session,
        registry,
        program=SLUG,
        person_id=learner.person_id,
        kind=SURVEY,
        title="Practising Well progress survey",
        due_on=today + timedelta(days=interval_days),
        subject_id=learner.id,
    )


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


async def close_open_surveys(session: AsyncSession, person_id: int, when: datetime) -> None:
    """A learner who left owes no more surveys: their open ones are closed as of ``when``,
    unanswered (closed, not completed, so the record never shows an answer they did not
    give), and none falls due or withholds a certificate any longer."""
    await due_items.close_open(session, person_id, SURVEY, when)
