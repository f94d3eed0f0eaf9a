"""A person's transcript: credits across every program, against the Mainpro+ cycle.

Mainpro+ counts five-year cycles from 1 July: at least 250 credits, 125 of them certified, and
at least 25 in each cycle year (the requirements are core settings)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.credits import repository
from core.errors import BadUserInput
from core.i18n import Text, _
from core.people.models import Person
from core.people.repository import people_by_id
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
    by_program: dict[str, tuple[Decimal, Decimal]]
    years: list[YearTotal]
    total: Decimal
    certified: Decimal


def is_certified(credit_type: str) -> bool:
    return credit_type.startswith("certified")


def cycle_start_problem(value: date) -> Text | None:
    """Why ``value`` cannot start a person's cycle, or ``None`` if it can."""
    if EARLIEST_CYCLE_START <= value <= LATEST_CYCLE_START:
        return None
    return _(
        "A cycle starts between {earliest} and {latest}; {value} is outside that.",
        earliest=EARLIEST_CYCLE_START.isoformat(),
        latest=LATEST_CYCLE_START.isoformat(),
        value=value.isoformat(),
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


async def transcripts(
    session: AsyncSession,
    person_ids: Sequence[int],
    viewer: Viewer,
    cycle_start: date | None,
    today: date,
) -> list[TranscriptData]:
    """Each person's credits in their cycle, as far as the viewer may see them (a person sees
    all of theirs, staff the credits their programs awarded), read in one query for all.

    A cycle start stored before starts were checked may lie outside the possible ones; such a
    start anchors nothing, and the cycle counts from the person's registration instead."""
    if cycle_start is not None and (problem := cycle_start_problem(cycle_start)):
        raise BadUserInput(_("cycleStart: {problem}", problem=problem))
    starts = [
        _start(person, cycle_start, today) for person in await people_by_id(session, person_ids)
    ]
    if not starts:
        return []
    entries = await repository.entries_between(
        session, person_ids, min(starts), _end(max(starts)), viewer
    )
    return [
        _summed(
            pk,
            start,
            [e for e in entries.get(pk, []) if e.earned_on >= start and e.earned_on <= _end(start)],
        )
        for pk, start in zip(person_ids, starts, strict=True)
    ]


async def transcript(
    session: AsyncSession, viewer: Viewer, person_id: int, cycle_start: date | None, today: date
) -> TranscriptData:
    """One person's transcript, for a viewer who must be able to see them."""
    if cycle_start is not None and (problem := cycle_start_problem(cycle_start)):
        raise BadUserInput(_("cycleStart: {problem}", problem=problem))
    await require_visible(session, viewer, Person, person_id)
    (data,) = await transcripts(session, [person_id], viewer, cycle_start, today)
    return data


def _start(person: Any, cycle_start: date | None, today: date) -> date:
    if cycle_start is not None:
        return date(_cycle_year(cycle_start), 7, 1)
    anchor = person.cycle_start
    if anchor is None or cycle_start_problem(anchor):
        anchor = person.created_at.date()
    return cycle_containing(anchor, today)


def _end(start: date) -> date:
    return date(start.year + CYCLE_YEARS, 6, 30)


def _summed(person_id: int, start: date, entries: list[Any]) -> TranscriptData:
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
        cycle_end=_end(start),
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
