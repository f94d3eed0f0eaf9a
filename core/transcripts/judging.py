"""A transcript worked out from the facts: credits summed by program, category and source over a
cycle and each of its years, every requirement judged, and the room left under each cap.

Nothing here reads the database or the clock: the service hands in the credits, the cycle and
today, so the sums a physician is told can be checked by hand in a test.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from core.credits.constants import CERTIFIED, CERTIFIED_ASSESSMENT
from core.programs import CreditCap
from core.transcripts.models import CycleKind, CycleSource
from core.transcripts.systems import CreditSystem, CycleRules, Minimum, Span

ZERO = Decimal("0.00")
"""Sums start in hundredths, as the ledger writes every amount, so an empty one reads 0.00."""
CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """An amount as the ledger writes every amount: in hundredths (``250.00``)."""
    return value.quantize(CENT)


class Source(StrEnum):
    """Where a credit comes from: a program run on peerlearn, or the physician's own record."""

    PROGRAM = "program"
    SELF_REPORTED = "self_reported"


@dataclass(frozen=True)
class Credit:
    """One credit as a transcript counts it: a ledger entry, or a self-reported credit
    (``program`` None)."""

    earned_on: date
    amount: Decimal
    program: str | None
    credit_system: str
    credit_type: str

    @property
    def source(self) -> Source:
        return Source.SELF_REPORTED if self.program is None else Source.PROGRAM

    @property
    def certified(self) -> bool:
        return self.credit_type in (CERTIFIED, CERTIFIED_ASSESSMENT)


@dataclass(frozen=True)
class Cycle:
    """A cycle to judge: one recorded for the person, or (``source`` None) one asked about."""

    system: CreditSystem
    kind: CycleKind
    starts_on: date
    ends_on: date
    source: CycleSource | None = None
    set_by_id: int | None = None
    set_at: datetime | None = None

    @property
    def rules(self) -> CycleRules:
        if self.kind is CycleKind.REMEDIAL and self.system.remedial is not None:
            return self.system.remedial
        return self.system.regular

    def years(self) -> list[tuple[date, date]]:
        """The cycle's years, each from the anniversary of its start to the day before the next
        (the last one ends with the cycle)."""
        spans: list[tuple[date, date]] = []
        start = self.starts_on
        while start <= self.ends_on:
            following = anniversary(self.starts_on, len(spans) + 1)
            spans.append((start, min(following - timedelta(days=1), self.ends_on)))
            start = following
        return spans

    def holds(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def cycle_end(start: date, years: int) -> date:
    """The last day of a cycle of ``years`` from ``start``."""
    return anniversary(start, years) - timedelta(days=1)


def anniversary(start: date, years: int) -> date:
    """``start`` moved ``years`` on; 29 February falls on 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


@dataclass(frozen=True)
class ProgramTotal:
    program: str
    total: Decimal
    certified: Decimal


@dataclass(frozen=True)
class Breakdown:
    """Credits summed three ways; ``by_category`` in the system's categories (None: a credit
    it does not place in one, counted in the totals only)."""

    total: Decimal
    by_program: tuple[ProgramTotal, ...]
    by_category: tuple[tuple[str | None, Decimal], ...]
    by_source: tuple[tuple[Source, Decimal], ...]


def breakdown(credits: Iterable[Credit], system: CreditSystem | None) -> Breakdown:
    programs: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    categories: dict[str | None, Decimal] = defaultdict(Decimal)
    sources: dict[Source, Decimal] = defaultdict(Decimal)
    total = ZERO
    for credit in credits:
        total += credit.amount
        sources[credit.source] += credit.amount
        if credit.program is not None:
            sums = programs[credit.program]
            sums[0] += credit.amount
            sums[1] += credit.amount if credit.certified else ZERO
        if system is not None:
            categories[category(system, credit)] += credit.amount
    order = [c.code for c in system.categories] if system else []
    return Breakdown(
        total=total,
        by_program=tuple(ProgramTotal(p, t, c) for p, (t, c) in sorted(programs.items())),
        by_category=tuple(
            sorted(categories.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
        ),
        by_source=tuple((s, sources[s]) for s in Source if s in sources),
    )


def category(system: CreditSystem, credit: Credit) -> str | None:
    return system.category_of(credit.credit_system, credit.credit_type)


def counted(minimum: Minimum, system: CreditSystem, credits: Iterable[Credit]) -> Decimal:
    """The credits that count towards ``minimum``."""
    return sum(
        (c.amount for c in credits if minimum.counts(category(system, c))),
        ZERO,
    )


@dataclass(frozen=True)
class Verdict:
    """A requirement judged: over the cycle, or (``year`` set) over one of its years."""

    minimum: Minimum
    earned: Decimal
    year: tuple[date, date] | None = None

    @property
    def required(self) -> Decimal:
        return self.minimum.amount

    @property
    def missing(self) -> Decimal:
        return max(self.required - self.earned, ZERO)

    @property
    def met(self) -> bool:
        return self.earned >= self.required


@dataclass(frozen=True)
class YearReport:
    starts_on: date
    ends_on: date
    credits: Breakdown
    verdicts: tuple[Verdict, ...]

    @property
    def met(self) -> bool:
        return all(v.met for v in self.verdicts)


def within(credits: Iterable[Credit], start: date, end: date) -> list[Credit]:
    return [c for c in credits if start <= c.earned_on <= end]


def judged(cycle: Cycle, credits: Sequence[Credit]) -> tuple[list[Verdict], list[YearReport]]:
    """Every requirement of the cycle's rules: the cycle's own, then each year's."""
    system, rules = cycle.system, cycle.rules
    inside = within(credits, cycle.starts_on, cycle.ends_on)
    verdicts = [
        Verdict(m, counted(m, system, inside)) for m in rules.minimums if m.span is Span.CYCLE
    ]
    years = []
    for start, end in cycle.years():
        year = within(inside, start, end)
        checks = tuple(
            Verdict(m, counted(m, system, year), (start, end))
            for m in rules.minimums
            if m.span is Span.YEAR
        )
        years.append(YearReport(start, end, breakdown(year, system), checks))
    return verdicts, years


@dataclass(frozen=True)
class CapRoom:
    """How much credit a cap still lets a person earn in its scope."""

    program: str
    cap: CreditCap
    awarded: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.cap.limit - self.awarded, ZERO)


def scope_total(totals: dict[str, Decimal], scope: str) -> Decimal:
    """What a cap on ``scope`` counts: that scope and every one under it."""
    return sum(
        (v for s, v in totals.items() if s == scope or s.startswith(scope + ".")),
        ZERO,
    )


def cap_rooms(caps: Iterable[tuple[str, CreditCap]], totals: dict[str, Decimal]) -> list[CapRoom]:
    """One line per cap (a cap two formulas share is listed once)."""
    seen: dict[tuple[str, str], CapRoom] = {}
    for program, cap in caps:
        seen.setdefault(
            (cap.code, cap.scope), CapRoom(program, cap, scope_total(totals, cap.scope))
        )
    return list(seen.values())
