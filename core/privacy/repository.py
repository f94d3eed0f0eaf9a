"""Statements of the privacy slice: a person's rows for their export, and one page of each
removal of attendance past retention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Delete, Select, Update, delete, exists, or_, select, update

from core.activities.models import Activity, PartAttendance, Participation, Seat, WaitlistEntry
from core.credits.models import CreditEntry

PAGE = 500


def rows_of(model: type, *conditions: ColumnElement[bool]) -> Select[Any]:
    """``model``'s rows meeting any of ``conditions``, in key order."""
    key = model.__table__.primary_key.columns  # type: ignore[attr-defined]
    return select(model).where(or_(*conditions)).order_by(*key)


def retired_attendance(cutoff: datetime) -> list[Delete | Update]:
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
