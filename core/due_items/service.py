"""Due items: what a person owes by a date. Programs create them; people complete them.

An item ends completed (done) or closed (no longer owed, never done). "Still owed" is the
repository's ``is_open`` everywhere, so no rule counts a closed item as owed.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_staff_over, require_visible
from core.db import utcnow
from core.due_items import repository
from core.due_items.calendar import Interval
from core.due_items.models import DueItem
from core.errors import RuleViolation
from core.events import DUE_ITEM_COMPLETED, Event, emit
from core.i18n import _
from core.kinds import INVALID, require_own_kind
from core.locks import lock_row
from core.people.models import Person
from core.registry import Registry
from core.repository import add, find

logger = logging.getLogger(__name__)

ALREADY_DONE = "CORE-DUE-DONE"
CLOSED = "CORE-DUE-CLOSED"
PROGRAM_OWNED = "CORE-DUE-PROGRAM"
NO_OFFSET = "CORE-DUE-NO-OFFSET"
TITLE_LENGTH = 200


def _require_not_program_owned(registry: Registry, kind: str) -> None:
    """A kind a program manages is created and completed by the program itself, when their
    work is done (a survey answered), never set or ticked off directly."""
    declared = registry.due_item_kinds.get(kind)
    if declared is not None and declared.program_managed:
        raise RuleViolation.single(
            PROGRAM_OWNED,
            _("{kind} items are managed by their program.", kind=declared.title),
            "kind",
        )


async def create_due_item(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    person_id: int,
    program: str,
    kind: str,
    title: str,
    due_on: date,
    subject_id: int | None = None,
) -> DueItem:
    """Staff of the program, in an organization of the person, set what the person owes."""
    await require_visible(session, viewer, Person, person_id)
    await require_staff_over(session, viewer, person_id, program)
    _require_not_program_owned(registry, kind)
    return await _add(session, registry, person_id, program, kind, title, due_on, subject_id)


async def schedule_due_item(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    person_id: int,
    kind: str,
    title: str,
    due_on: date | None = None,
    subject_id: int | None = None,
    after: date | None = None,
    offset: Interval | None = None,
) -> DueItem:
    """A program's workflow sets what the person owes it (the next survey, once one is
    answered): due on ``due_on``, or a while ``after`` an event (SGLS-QUESTIONNAIRE: two
    months after the session), by the kind's declared offset unless the program gives one
    (from its settings, say). No one's permission is asked: the program decided when; core
    holds it to its own kinds, a person who exists and a title the person can be shown."""
    require_own_kind(registry, program, kind, registry.due_item_kinds, "due item kind")
    if not title.strip() or len(title) > TITLE_LENGTH:
        raise RuleViolation.single(
            INVALID,
            _("A due item has a title of at most {n} characters.", n=TITLE_LENGTH),
            "title",
        )
    due_on = due_on or _after(registry, kind, after, offset)
    await find(session, Person, person_id, missing="person")
    return await _add(session, registry, person_id, program, kind, title, due_on, subject_id)


def _after(registry: Registry, kind: str, event_on: date | None, offset: Interval | None) -> date:
    offset = offset or registry.due_item_kinds[kind].offset
    if event_on is None or offset is None:
        raise RuleViolation.single(
            NO_OFFSET,
            _("{kind} is due on a date, or an offset after an event.", kind=kind),
            "offset",
        )
    return offset.after(event_on)


async def _add(
    session: AsyncSession,
    registry: Registry,
    person_id: int,
    program: str,
    kind: str,
    title: str,
    due_on: date,
    subject_id: int | None,
) -> DueItem:
    item = DueItem(
        person_id=person_id,
        program=program,
        kind=kind,
        title=title,
        due_on=due_on,
        subject_id=subject_id,
    )
    declared = registry.due_item_kinds.get(kind)
    if declared is not None and declared.recurrence is not None:
        item.series_starts_on, item.occurrence = due_on, 1
    return await add(session, item)


async def complete_due_item(
    session: AsyncSession, registry: Registry, viewer: Viewer, item_id: int
) -> DueItem:
    """The person marks what they owe as done (or the program's staff do for them)."""
    item = await require_visible(session, viewer, DueItem, item_id)
    if item.person_id != viewer.person_id:
        await require_staff_over(session, viewer, item.person_id, item.program)
    _require_not_program_owned(registry, item.kind)
    return await _complete(session, registry, item)


async def complete_for_program(
    session: AsyncSession, registry: Registry, *, program: str, item_id: int
) -> DueItem:
    """A program's workflow marks done what its own work completed (a survey answered), which
    no one ticks off by hand; only the program's own kinds, and only once."""
    item = await lock_row(session, DueItem, item_id, missing="due item")
    require_own_kind(registry, program, item.kind, registry.due_item_kinds, "due item kind")
    return await _complete(session, registry, item)


async def _complete(session: AsyncSession, registry: Registry, item: DueItem) -> DueItem:
    """Mark the item done under its row lock, so it is completed once, and tell its program."""
    await lock_row(session, DueItem, item.id)
    if item.completed_at is not None:
        raise RuleViolation.single(
            ALREADY_DONE, _("{title} was completed already.", title=item.title)
        )
    if item.closed_at is not None:
        raise RuleViolation.single(
            CLOSED, _("{title} is no longer owed: it was closed.", title=item.title)
        )
    item.completed_at = utcnow()
    await session.flush()
    await emit(session, registry, Event(DUE_ITEM_COMPLETED, item.program, item.id, item.person_id))
    return item


async def close_open(session: AsyncSession, person_id: int, kind: str, when: datetime) -> int:
    """The person no longer owes their open items of ``kind`` (they left the program that set
    them); how many were closed. The person is locked first, as a recurring series is
    continued under the same lock, so a series closed now gets no successor a moment later,
    nor does one set a moment before stay open."""
    await lock_row(session, Person, person_id)
    return await repository.close_open(session, person_id, kind, when)


async def close_overdue(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    kind: str,
    due_before: date,
    when: datetime,
) -> int:
    """A program's rule that what stayed owed too long is owed no more (a reading three
    months late): its open items of ``kind`` due before ``due_before`` are closed as of
    ``when``; how many. Each person is locked first, in key order, as ``close_open`` does."""
    require_own_kind(registry, program, kind, registry.due_item_kinds, "due item kind")
    for person_id in await repository.owing_since(session, kind, due_before):
        await lock_row(session, Person, person_id)
    return await repository.close_due_before(session, kind, due_before, when)


async def cancel_open_for(
    session: AsyncSession, *, program: str, person_id: int, reason: str
) -> int:
    """The person's enrolment in the program ended (withdrawn, closed): none of what they owe
    it falls due any longer. Items are closed unanswered, never completed; an item keeps only
    when it was closed, so ``reason`` goes to the log. The person is locked first, as
    ``close_open`` does, so no series item continued a moment later stays open. Returns how
    many were cancelled."""
    await lock_row(session, Person, person_id)
    cancelled = await repository.cancel_open_for(
        session, program=program, person_id=person_id, when=utcnow()
    )
    logger.info(
        "cancelled %d due items of person %d in %s: %s", cancelled, person_id, program, reason
    )
    return cancelled
