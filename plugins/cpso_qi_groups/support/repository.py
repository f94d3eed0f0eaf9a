"""Statements of support requests."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from plugins.cpso_qi_groups.models import SupportRequest


async def of_groups(session: AsyncSession, group_ids: Sequence[int]) -> list[SupportRequest]:
    rows = await session.scalars(
        select(SupportRequest)
        .where(SupportRequest.group_id.in_(group_ids))
        .order_by(SupportRequest.id)
    )
    return list(rows.all())
