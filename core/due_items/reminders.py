"""Reminders: a person is told of what they owe on the days its kind names, counted from the
due date (by default the day it falls due and the day after, when it is overdue).

Sending is a task run from the clock (``core.tasks``), never a request. Each run sends, for an
item still open, the latest of its reminders whose day has come: a run that comes late (a
server down for a week) sends that one only, not every reminder it missed. Each reminder is
recorded once (``core.notifications.service.remind``), so runs may repeat and overlap freely.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.due_items import repository
from core.i18n import SOURCE, Language, Text, _, _n, date_text, speaking
from core.notifications.service import remind
from core.programs import DEFAULT_REMINDERS
from core.registry import Registry

PAGE = 500


@dataclass(frozen=True)
class Plan:
    """The reminders the enabled programs declared, per kind, read once per run."""

    by_kind: dict[str, tuple[int, ...]]
    programs: tuple[str, ...]

    @classmethod
    def of(cls, registry: Registry) -> Plan:
        kinds = {
            name: tuple(sorted(set(k.reminders))) for name, k in registry.due_item_kinds.items()
        }
        return cls(kinds, registry.slugs)

    def reminders(self, kind: str) -> tuple[int, ...]:
        return self.by_kind.get(kind, DEFAULT_REMINDERS)

    @property
    def lead(self) -> int:
        """How many days before its due date the earliest reminder of any kind is sent."""
        firsts = [days[0] for days in (*self.by_kind.values(), DEFAULT_REMINDERS) if days]
        return max(0, -min(firsts))


def reminder_due(reminders: Sequence[int], due_on: date, today: date) -> int | None:
    """The latest reminder whose day has come by ``today``, if any."""
    come = [day for day in reminders if due_on + timedelta(days=day) <= today]
    return max(come) if come else None


def message(title: str, due_on: date, today: date, language: Language = SOURCE) -> Text:
    """The reminder in the person's language (a task has no reader of its own)."""
    with speaking(language):
        if today < due_on:
            days = (due_on - today).days
            return _n(
                "Reminder: {title} is due in {n} day, on {date}.",
                "Reminder: {title} is due in {n} days, on {date}.",
                days,
                title=title,
                n=days,
                date=date_text(due_on),
            )
        if today == due_on:
            return _("Reminder: {title} is due today.", title=title)
        return _(
            "Reminder: {title} was due on {date} and is overdue.",
            title=title,
            date=date_text(due_on),
        )


async def send_page(
    session: AsyncSession, registry: Registry, today: date, after: int = 0
) -> tuple[int, int | None]:
    """Send the reminders due today for one page of items (keys above ``after``): how many
    were sent by this call, and the key to go on after (None when no item is left)."""
    plan = Plan.of(registry)
    rows = await repository.to_remind(
        session,
        programs=plan.programs,
        until=today + timedelta(days=plan.lead),
        last_reminder={kind: days[-1] for kind, days in plan.by_kind.items() if days},
        default_last=DEFAULT_REMINDERS[-1],
        silent=[kind for kind, days in plan.by_kind.items() if not days],
        after=after,
        limit=PAGE,
    )
    sent = 0
    for row in rows:
        sent += await _send(session, plan, row, today)
    return sent, (rows[-1].id if len(rows) == PAGE else None)


async def _send(session: AsyncSession, plan: Plan, row: Any, today: date) -> int:
    day = reminder_due(plan.reminders(row.kind), row.due_on, today)
    if day is None:
        return 0
    recorded = await remind(
        session,
        person_id=row.person_id,
        program=row.program,
        due_item_id=row.id,
        day=day,
        message=message(row.title, row.due_on, today, row.language or SOURCE),
    )
    return int(recorded)
