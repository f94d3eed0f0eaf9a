"""Recurring due items (LC-MONTHLY: a monthly report): when an item of a recurring kind falls
due, the next one of its series is set, whether or not this one was done; a closed item (its
person stopped owing the series) ends it, and so does the kind's count.

This is a task run from the clock (``core.tasks``). Each item has at most one successor (the
unique ``follows_id``), so runs may repeat and overlap freely; a run after a long pause sets
every item that fell due meanwhile, a page at a time.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.due_items import repository
from core.due_items.models import DueItem
from core.locks import lock_row
from core.people.models import Person
from core.registry import Registry
from core.repository import find

PAGE = 200


async def continue_page(session: AsyncSession, registry: Registry, today: date) -> tuple[int, bool]:
    """Set the next item of up to a page of series that fell due by ``today``: how many this
    call set, and whether series are left to look at (the items set may be due already)."""
    recurring = {
        name: kind.recurrence.count
        for name, kind in registry.due_item_kinds.items()
        if kind.recurrence is not None
    }
    if not recurring:
        return 0, False
    rows = await repository.to_continue(session, counts=recurring, today=today, limit=PAGE)
    added = 0
    for row in rows:
        added += await _continue(session, registry, row.id, row.person_id)
    return added, added > 0


async def _continue(session: AsyncSession, registry: Registry, item_id: int, person_id: int) -> int:
    """Under the person's lock, which closing their items takes too
    (``service.close_open``): a series closed meanwhile (the person withdrew) gets no
    successor, and a close that comes after this sees the successor and closes it as well."""
    await lock_row(session, Person, person_id)
    item = await find(session, DueItem, item_id)
    if item is None or item.closed_at is not None:
        return 0
    recurrence = registry.due_item_kinds[item.kind].recurrence
    assert recurrence is not None  # only recurring kinds were read
    starts_on, occurrence = item.series_starts_on or item.due_on, item.occurrence or 1
    values = {
        "person_id": item.person_id,
        "program": item.program,
        "kind": item.kind,
        "title": item.title,
        "due_on": recurrence.due_on(starts_on, occurrence + 1),
        "subject_id": item.subject_id,
        "created_at": utcnow(),
        "follows_id": item.id,
        "series_starts_on": starts_on,
        "occurrence": occurrence + 1,
    }
    return int(await repository.add_successor(session, values))
