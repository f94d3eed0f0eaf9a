"""Statements of monthly calls and the virtual office."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.activities.models import Activity
from plugins.learning_collaborative.models import MonthlyCall, OfficeItem, OfficeItemKind


async def call_of_month(
    session: AsyncSession, collaborative_id: int, month: date
) -> MonthlyCall | None:
    statement = select(MonthlyCall).where(
        MonthlyCall.collaborative_id == collaborative_id, MonthlyCall.month == month
    )
    return (await session.scalars(statement)).first()


async def calls(session: AsyncSession, collaborative_id: int) -> Sequence[Any]:
    statement = (
        select(MonthlyCall, Activity)
        .join(Activity, Activity.id == MonthlyCall.activity_id)
        .where(MonthlyCall.collaborative_id == collaborative_id)
        .order_by(MonthlyCall.month)
    )
    return (await session.execute(statement)).all()


async def office_items(
    session: AsyncSession, collaborative_id: int, kind: OfficeItemKind | None
) -> Sequence[OfficeItem]:
    statement = select(OfficeItem).where(OfficeItem.collaborative_id == collaborative_id)
    if kind is not None:
        statement = statement.where(OfficeItem.kind == kind)
    return (await session.scalars(statement.order_by(OfficeItem.id.desc()))).all()
