"""A person's transcript: credits across every program, against the Mainpro+ cycle.

Mainpro+ counts five-year cycles from 1 July: at least 250 credits, 125 of them certified, and
at least 25 in each cycle year (the requirements are core settings)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, credit_entries_visible, require_visible
from core.credits.models import CreditEntry
from core.errors import BadUserInput
from core.people.models import Person
from core.settings import ProgramSettings

CYCLE_YEARS = 5
# Cycle starts a person may have: any practising physician's, with room for every cycle's
# dates to exist (the calendar ends in 9999, and a start in January counts from the July before).
EARLIEST_CYCLE_START = date(1900, 1, 1)
LATEST_CYCLE_START = date(2100, 12, 31)


@dataclass(frozen=True)
class YearTotal:
    starts_on: date
    ends_on: date
    total: Decimal


@dataclass(frozen=True)
class TranscriptData:
    person_id: int
    cycle_start: date
    cycle_end: date
    entries: list[CreditEntry]
    by_program: dict[str, tuple[Decimal, Decimal]]
    years: list[YearTotal]
    total: Decimal
    certified: Decimal


def is_certified(credit_type: str) -> bool:
    return credit_type.startswith("certified")


def cycle_start_problem(value: date) -> str | None:
    """Why ``value`` cannot start a person's cycle, or ``None`` if it can."""
    if EARLIEST_CYCLE_START <= value <= LATEST_CYCLE_START:
        return None
    return (
        f"A cycle starts between {EARLIEST_CYCLE_START.isoformat()} and "
        f"{LATEST_CYCLE_START.isoformat()}; {value.isoformat()} is outside that."
    )


def _cycle_year(day: date) -> int:
    """The year of the 1 July on or before ``day``: the cycle year ``day`` falls in."""
    return day.year if day.month >= 7 else day.year - 1


def cycle_containing(anchor: date, today: date) -> date:
    """The start of the five-year cycle, counted from ``anchor``'s 1 July, containing today (or
    the anchor's first cycle, while that has not begun)."""
    first = _cycle_year(anchor)
    passed = max(0, (_cycle_year(today) - first) // CYCLE_YEARS)
    return date(first + passed * CYCLE_YEARS, 7, 1)


async def transcript(
    session: AsyncSession, viewer: Viewer, person_id: int, cycle_start: date | None, today: date
) -> TranscriptData:
    """The person's credits in the cycle, as far as the viewer may see them: a person sees all
    of theirs, staff the credits their programs awarded.

    A cycle start stored before starts were checked may lie outside the possible ones; such a
    start anchors nothing, and the cycle counts from the person's registration instead."""
    if cycle_start is not None and (problem := cycle_start_problem(cycle_start)):
        raise BadUserInput(f"cycleStart: {problem}")
    person = await require_visible(session, viewer, Person, person_id)
    if cycle_start is not None:
        start = date(_cycle_year(cycle_start), 7, 1)
    else:
        anchor = person.cycle_start
        if anchor is None or cycle_start_problem(anchor):
            anchor = person.created_at.date()
        start = cycle_containing(anchor, today)
    end = date(start.year + CYCLE_YEARS, 6, 30)
    entries = list(
        (
            await session.scalars(
                select(CreditEntry)
                .where(
                    CreditEntry.person_id == person_id,
                    CreditEntry.earned_on >= start,
                    CreditEntry.earned_on <= end,
                    credit_entries_visible(viewer),
                )
                .order_by(CreditEntry.earned_on, CreditEntry.id)
            )
        ).all()
    )
    by_program: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    year_totals = [Decimal(0)] * CYCLE_YEARS
    for entry in entries:
        sums = by_program[entry.program]
        sums[0] += entry.amount
        if is_certified(entry.credit_type):
            sums[1] += entry.amount
        year_totals[_cycle_year(entry.earned_on) - start.year] += entry.amount
    years = [
        YearTotal(date(start.year + i, 7, 1), date(start.year + i + 1, 6, 30), year_totals[i])
        for i in range(CYCLE_YEARS)
    ]
    return TranscriptData(
        person_id=person_id,
        cycle_start=start,
        cycle_end=end,
        entries=entries,
        by_program={k: (v[0], v[1]) for k, v in sorted(by_program.items())},
        years=years,
        total=sum((v[0] for v in by_program.values()), Decimal(0)),
        certified=sum((v[1] for v in by_program.values()), Decimal(0)),
    )


@dataclass(frozen=True)
class CycleRequirements:
    total: Decimal
    certified: Decimal
    per_year: Decimal

    @classmethod
    def from_settings(cls, settings: ProgramSettings) -> CycleRequirements:
        return cls(
            total=settings.decimal("cycle_total_credits"),
            certified=settings.decimal("cycle_certified_credits"),
            per_year=settings.decimal("cycle_year_credits"),
        )
