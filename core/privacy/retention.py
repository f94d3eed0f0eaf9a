"""Attendance records past their retention (``PEERLEARN_ATTENDANCE_RETENTION_DAYS``, six
years by default: attendance records are commonly kept six years, and a Mainpro+ or Royal
College MOC cycle runs five, so the setting never goes below five).

When an activity was held longer ago than that, what its attendance says beyond the credit
ledger goes: seats and waiting-list places, which parts each person attended, attendance that
earned no credit, and on attendance that did, who withdrew it and the note saying why. The
ledger is append-only and its entries name their attendance, so a credited attendance row
stays (person, activity, hours): the credit stays provable, as a College audit may ask.

A daily task (``core.retire_attendance``), a page per transaction, each statement touching
only rows that still have something to remove, so a second run finds nothing to do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.db import Database
from core.privacy import repository
from core.registry import Registry

MAX_PAGES = 50


async def retire_attendance(database: Database, registry: Registry, now: datetime) -> int:
    """Remove what attendance past retention holds beyond the ledger; how many rows this run
    removed or cleared. A retention of 0 keeps everything."""
    days = registry.settings.attendance_retention_days
    if not days:
        return 0
    cutoff, done = now.astimezone(UTC) - timedelta(days=days), 0
    for _ in range(MAX_PAGES):
        async with database.write() as session:
            statements = repository.retired_attendance(cutoff)
            counts = [(await session.execute(s)).rowcount for s in statements]  # type: ignore[attr-defined]
        done += sum(counts)
        if not any(counts):
            break
    return done
