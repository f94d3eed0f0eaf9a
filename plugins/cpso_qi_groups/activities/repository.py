"""Statements of members' individual activities."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.repository import insert_if_absent
from plugins.cpso_qi_groups.models import ActivityRecord, QiActivity


async def record(
    session: AsyncSession,
    *,
    group_id: int,
    person_id: int,
    activity: QiActivity,
    completed_on: date,
    minutes_spent: int,
    answers: str,
) -> bool:
    """Keep the record once: of two concurrent records of one activity, one is kept."""
    return await insert_if_absent(
        session,
        ActivityRecord,
        {
            "group_id": group_id,
            "person_id": person_id,
            "activity": activity,
            "completed_on": completed_on,
            "minutes_spent": minutes_spent,
            "answers": answers,
        },
        ("group_id", "person_id", "activity"),
    )


async def records_of(session: AsyncSession, group_id: int, person_id: int) -> list[ActivityRecord]:
    rows = await session.scalars(
        select(ActivityRecord)
        .where(ActivityRecord.group_id == group_id, ActivityRecord.person_id == person_id)
        .order_by(ActivityRecord.id)
    )
    return list(rows.all())


async def completed_by_group(
    session: AsyncSession, group_ids: Sequence[int]
) -> dict[tuple[int, int], set[QiActivity]]:
    """Which activities each (group, person) completed: completion only, never answers."""
    rows = await session.execute(
        select(ActivityRecord.group_id, ActivityRecord.person_id, ActivityRecord.activity).where(
            ActivityRecord.group_id.in_(group_ids)
        )
    )
    done: dict[tuple[int, int], set[QiActivity]] = {}
    for group_id, person_id, activity in rows.all():
        done.setdefault((group_id, person_id), set()).add(QiActivity(activity))
    return done
