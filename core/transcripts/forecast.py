"""Where a cycle is heading: at the pace of the last twelve months, which requirement and which
year will fall short, and which enabled programs could close the gap.

The pace is the credit earned in the twelve months up to today (by the requirement's own
categories for a category minimum), spread evenly over the days ahead. A year already over is
left out: what it holds is final, and the transcript judges it. The current year adds the pace
for its days left; a year to come gets the pace for its length. A program can close a gap when
its certification in force today places its credit in a category the short requirement counts,
and its cap (if any) leaves room.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from core.transcripts.judging import (
    ZERO,
    CapRoom,
    Credit,
    Cycle,
    Verdict,
    cents,
    counted,
    within,
)

PACE_DAYS = 365


@dataclass(frozen=True)
class Projection:
    """A requirement as it will stand at the end of its span, at the current pace."""

    verdict: Verdict
    projected: Decimal

    @property
    def short(self) -> Decimal:
        return max(self.verdict.required - self.projected, ZERO)


@dataclass(frozen=True)
class Opening:
    """A program's credit someone could still earn, before judging whom it helps."""

    program: str
    activity_kind: str
    title: str
    credit_system: str
    credit_type: str
    rate: Decimal
    unit: str
    caps: tuple[CapRoom, ...]
    whole_title: bool = False
    """The title names the program itself (a certification's, for a kind with no activity)."""


@dataclass(frozen=True)
class Offer:
    """What an opening could add for this person: ``remaining`` before its cap (None when it
    has none), in ``category`` of their system, towards the requirements named in ``closes``."""

    opening: Opening
    category: str | None
    remaining: Decimal | None
    closes: tuple[str, ...]


@dataclass(frozen=True)
class Forecast:
    since: date
    until: date
    pace: Decimal
    projections: tuple[Projection, ...]
    offers: tuple[Offer, ...]

    @property
    def shortfalls(self) -> tuple[Projection, ...]:
        return tuple(p for p in self.projections if p.short > 0)


def forecast(
    cycle: Cycle,
    credits: Sequence[Credit],
    verdicts: Sequence[Verdict],
    today: date,
    openings: Sequence[Opening],
) -> Forecast | None:
    """None once the cycle is over: what it holds is final."""
    if today > cycle.ends_on:
        return None
    since = today - timedelta(days=PACE_DAYS - 1)
    recent = within(credits, since, today)
    ahead = [v for v in verdicts if v.year is None or v.year[1] >= today]
    projections = tuple(_projected(cycle, v, recent, today) for v in ahead)
    short = [p.verdict.minimum for p in projections if p.short > 0]
    offers = []
    for opening in openings:
        placed = cycle.system.category_of(opening.credit_system, opening.credit_type)
        closes = tuple(dict.fromkeys(m.code for m in short if m.counts(placed)))
        rooms = [c.remaining for c in opening.caps]
        remaining = min(rooms) if rooms else None
        if closes and remaining != ZERO:
            offers.append(Offer(opening, placed, remaining, closes))
    pace = sum((c.amount for c in recent), ZERO)
    return Forecast(since, today, pace, projections, tuple(offers))


def _projected(cycle: Cycle, verdict: Verdict, recent: list[Credit], today: date) -> Projection:
    start, end = verdict.year or (cycle.starts_on, cycle.ends_on)
    pace = counted(verdict.minimum, cycle.system, recent)
    days_ahead = (end - max(today, start - timedelta(days=1))).days
    ahead = pace * max(days_ahead, 0) / PACE_DAYS
    return Projection(verdict, cents(verdict.earned + ahead))
