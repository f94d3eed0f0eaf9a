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
from typing import Any

from sqlalchemy import ColumnElement, Delete, Select, Update, delete, exists, select, update

from core.activities.models import Activity, PartAttendance, Participation, Seat, WaitlistEntry
from core.credits.models import CreditEntry
from core.db import Database
from core.registry import Registry

PAGE = 500
MAX_PAGES = 50


def _retired(cutoff: datetime) -> list[Delete | Update]:
    """One page of each removal, for activities held before ``cutoff``'s date."""
    old = select(Activity.id).where(Activity.held_on < cutoff.date())
    of_old = Participation.activity_id.in_(old)
    credited = exists().where(CreditEntry.participation_id == Participation.id)
    attended = select(Participation.id).where(of_old)

    def page(model: type, *where: ColumnElement[bool]) -> Select[Any]:
        return select(model.id).where(*where).limit(PAGE)  # type: ignore[attr-defined]

    return [
        delete(Seat).where(Seat.id.in_(page(Seat, Seat.activity_id.in_(old)))),
        delete(WaitlistEntry).where(
            WaitlistEntry.id.in_(page(WaitlistEntry, WaitlistEntry.activity_id.in_(old)))
        ),
        delete(PartAttendance).where(
            PartAttendance.id.in_(
                page(PartAttendance, PartAttendance.participation_id.in_(attended))
            )
        ),
        delete(Participation).where(Participation.id.in_(page(Participation, of_old, ~credited))),
        update(Participation)
        .where(
            Participation.id.in_(
                page(
                    Participation,
                    of_old,
                    (Participation.correction_note.is_not(None))
                    | (Participation.withdrawn_by_id.is_not(None)),
                )
            )
        )
        .values(correction_note=None, withdrawn_by_id=None),
    ]


async def retire_attendance(database: Database, registry: Registry, now: datetime) -> int:
    """Remove what attendance past retention holds beyond the ledger; how many rows this run
    removed or cleared. A retention of 0 keeps everything."""
    days = registry.settings.attendance_retention_days
    if not days:
        return 0
    cutoff, done = now.astimezone(UTC) - timedelta(days=days), 0
    for _ in range(MAX_PAGES):
        async with database.write() as session:
            counts = [(await session.execute(s)).rowcount for s in _retired(cutoff)]  # type: ignore[attr-defined]
        done += sum(counts)
        if not any(counts):
            break
    return done
