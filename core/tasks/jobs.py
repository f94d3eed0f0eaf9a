"""Core's tasks: each a function of the database, the enabled programs and the time it runs
for, so both runners call the same code and a test gives the time instead of waiting for it.

Each works a page per transaction: a long catch-up (a server down for a week) never holds
SQLite's write lock for long, and what one page did stays done if a later one fails (the
next run picks up after it)."""

from __future__ import annotations

from datetime import UTC, datetime

from core.db import Database
from core.due_items import recurrence, reminders
from core.idempotency.service import forget_keys
from core.notifications.delivery import send_email
from core.privacy.retention import retire_attendance
from core.registry import Registry
from core.tasks.spec import PeriodicTask

# Pages one run works at most; a run that stops there leaves the rest to the next.
MAX_PAGES = 50


async def send_reminders(database: Database, registry: Registry, now: datetime) -> int:
    """Remind people of what falls due or is overdue on ``now``'s date (UTC); how many
    reminders this run sent (those another run sent first are not counted)."""
    today, sent, after = now.astimezone(UTC).date(), 0, 0
    for _ in range(MAX_PAGES):
        async with database.write() as session:
            count, next_after = await reminders.send_page(session, registry, today, after)
        sent += count
        if next_after is None:
            break
        after = next_after
    return sent


async def continue_series(database: Database, registry: Registry, now: datetime) -> int:
    """Set the next item of every recurring series that fell due by ``now``'s date (UTC);
    how many this run set."""
    today, added = now.astimezone(UTC).date(), 0
    for _ in range(MAX_PAGES):
        async with database.write() as session:
            count, more = await recurrence.continue_page(session, registry, today)
        added += count
        if not more:
            break
    return added


# Core's own, declared through ``register_tasks`` as a program's are. Series first: an item
# set now may already have a reminder due, and email goes out last, with the reminders just
# recorded; every minute, as a notification is news. Attendance past retention once a night.
CORE_TASKS = (
    PeriodicTask("core.continue_series", continue_series),
    PeriodicTask("core.send_reminders", send_reminders),
    PeriodicTask("core.send_email", send_email, cron="* * * * *"),
    PeriodicTask("core.forget_idempotency_keys", forget_keys, cron="17 * * * *"),
    PeriodicTask("core.retire_attendance", retire_attendance, cron="37 3 * * *"),
)
