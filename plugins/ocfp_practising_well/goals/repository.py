"""Statements of progress surveys: the only goals module that builds SQL (goals themselves
are core's plans, read and written through ``core.plans.workflow``).

An open survey is read with ``core.due_items.service.is_open``, the condition core's due
items still keep in their service."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.due_items import repository as due_items
from core.due_items.models import DueItem
from plugins.ocfp_practising_well import SURVEY
from plugins.ocfp_practising_well.models import ProgressReport


async def reports_of(session: AsyncSession, learner_id: int) -> list[Any]:
    statement = (
        select(ProgressReport.__table__)
        .where(ProgressReport.learner_id == learner_id)
        .order_by(ProgressReport.submitted_at, ProgressReport.id)
    )
    return list((await session.execute(statement)).all())


async def oldest_open_survey(session: AsyncSession, person_id: int) -> DueItem | None:
    return await session.scalar(
        select(DueItem)
        .where(DueItem.person_id == person_id, DueItem.kind == SURVEY, due_items.is_open())
        .order_by(DueItem.due_on, DueItem.id)
        .limit(1)
    )


async def survey_scheduled(session: AsyncSession, person_id: int) -> bool:
    open_survey = await session.scalar(
        select(DueItem.id).where(
            DueItem.person_id == person_id, DueItem.kind == SURVEY, due_items.is_open()
        )
    )
    return open_survey is not None
