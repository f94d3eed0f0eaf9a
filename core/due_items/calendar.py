"""Dates of what falls due: an offset from an event, a recurrence, and today's date.

Month arithmetic keeps the day of the month and clamps it at the month's end (two months
after 31 December is 28 or 29 February); a series counts each occurrence from its first date,
so a monthly report due on the 31st is due on the 30th in April and the 31st again in May,
never drifting to the 28th."""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta


def today() -> date:
    """The date due items are read against: UTC's, like every stored time."""
    return datetime.now(UTC).date()


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Interval:
    """A span of whole months and days (``Interval(months=2)``: SGLS-QUESTIONNAIRE's two
    months after the session)."""

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.months < 0 or self.days < 0 or self.months + self.days == 0:
            raise ValueError("an interval is a positive number of months and/or days")

    def after(self, day: date, times: int = 1) -> date:
        """The date ``times`` intervals after ``day``, counted from ``day`` itself."""
        return add_months(day, self.months * times) + timedelta(days=self.days * times)

    def __str__(self) -> str:
        parts = [
            f"{count} {unit}{'' if count == 1 else 's'}"
            for count, unit in ((self.months, "month"), (self.days, "day"))
            if count
        ]
        return " and ".join(parts)


@dataclass(frozen=True)
class Recurrence:
    """A kind whose items recur (LC-MONTHLY: ``Recurrence(Interval(months=1))``): when one
    falls due the next is scheduled, ``every`` later, until ``count`` items were set or the
    person stops owing them (the series' open item is closed)."""

    every: Interval
    count: int | None = None

    def __post_init__(self) -> None:
        if self.count is not None and self.count < 1:
            raise ValueError("a recurrence sets at least one item")

    def due_on(self, first: date, occurrence: int) -> date:
        """When the ``occurrence``-th item of a series first due on ``first`` is due."""
        return self.every.after(first, occurrence - 1)


class DueState(enum.StrEnum):
    """Where an item stands on a date. Computed whenever it is read, never stored: an item
    falls due and becomes overdue as the days pass, with no one and no job touching it."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    CLOSED = "closed"


def state_on(
    day: date, due_on: date, completed_at: datetime | None, closed_at: datetime | None
) -> DueState:
    """Due on its date, overdue from the day after (as ``repository.overdue`` reads it)."""
    if completed_at is not None:
        return DueState.COMPLETED
    if closed_at is not None:
        return DueState.CLOSED
    if day < due_on:
        return DueState.UPCOMING
    return DueState.DUE if day == due_on else DueState.OVERDUE
