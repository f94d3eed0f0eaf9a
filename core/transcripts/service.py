"""A person's transcript across every program: read once for everyone on a list, then judged.

The cycle is the one the person's College assigned (recorded by staff, imported, or entered by
the physician), the one holding today, else the latest begun, else the next; a transcript asked
for another start judges a cycle from that day in the person's system. Without any, the
transcript shows every credit it can and no requirement: it never guesses a cycle from the
day the record was created.

Six statements whatever the number of people: the people, their cycles, the ledger entries and
self-reported credits the viewer may see, the totals the caps count, and the certifications in
force today of every enabled program's credit formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.credits import repository as ledger
from core.errors import BadUserInput
from core.i18n import _
from core.people.models import Person
from core.people.repository import people_by_id
from core.registry import Registry
from core.transcripts import repository
from core.transcripts.cycles import start_problem, system_of
from core.transcripts.forecast import PACE_DAYS, Forecast, Opening, forecast
from core.transcripts.judging import (
    Breakdown,
    CapRoom,
    Credit,
    Cycle,
    Verdict,
    YearReport,
    breakdown,
    cap_rooms,
    cycle_end,
    judged,
    within,
)
from core.transcripts.models import CycleKind
from core.transcripts.systems import CREDIT_SYSTEMS, CreditSystem

EVER = (date(1900, 1, 1), date(9999, 12, 31))


@dataclass(frozen=True)
class Report:
    """Everything a transcript states. ``credits`` are the cycle's (every credit the viewer
    sees when there is no cycle)."""

    person_id: int
    system: CreditSystem | None
    cycle: Cycle | None
    credits: Breakdown
    verdicts: tuple[Verdict, ...]
    years: tuple[YearReport, ...]
    caps: tuple[CapRoom, ...]
    forecast: Forecast | None
    self_reported: tuple[Any, ...]

    @property
    def met(self) -> bool:
        return all(v.met for v in self.verdicts) and all(y.met for y in self.years)


def _recorded(row: Any) -> Cycle | None:
    system = CREDIT_SYSTEMS.get(row.credit_system)
    if system is None:
        return None
    return Cycle(
        system, row.kind, row.starts_on, row.ends_on, row.source, row.set_by_id, row.set_at
    )


def cycle_for(person: Any, rows: Sequence[Any], asked: date | None, today: date) -> Cycle | None:
    cycles = [c for c in map(_recorded, rows) if c is not None]
    if asked is not None:
        chosen = next((c for c in cycles if c.starts_on == asked), None)
        system = system_of(person, rows)
        if chosen is None and system is not None:
            end = cycle_end(asked, system.regular.years)
            chosen = Cycle(system, CycleKind.REGULAR, asked, end)
        return chosen
    return (
        next((c for c in cycles if c.holds(today)), None)
        or next((c for c in reversed(cycles) if c.starts_on <= today), None)
        or next(iter(cycles), None)
    )


def _require_possible(asked: date | None) -> None:
    """A cycle asked for by its start begins on a day a cycle can."""
    if asked is not None and (problem := start_problem(asked)):
        raise BadUserInput(_("cycleStart: {problem}", problem=problem))


async def reports(
    session: AsyncSession,
    person_ids: Sequence[int],
    registry: Registry,
    viewer: Viewer,
    asked: date | None,
    today: date,
) -> list[Report]:
    _require_possible(asked)
    return await _reports(
        session, await people_by_id(session, person_ids), registry, viewer, asked, today
    )


async def _reports(
    session: AsyncSession,
    people: Sequence[Any],
    registry: Registry,
    viewer: Viewer,
    asked: date | None,
    today: date,
) -> list[Report]:
    person_ids = [p.id for p in people]
    recorded = await repository.cycles_of(session, person_ids)
    cycles = [cycle_for(p, recorded.get(p.id, []), asked, today) for p in people]
    since = today - timedelta(days=PACE_DAYS - 1)
    spans = [(min(c.starts_on, since), max(c.ends_on, today)) if c else EVER for c in cycles]
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    entries = await ledger.entries_between(session, person_ids, start, end, viewer)
    external = await repository.external_credits_between(session, person_ids, start, end, viewer)
    totals = await repository.scope_totals(session, person_ids, viewer)
    formulas = [(p.slug, f) for p in registry.programs for f in p.credit_formulas]
    certified = await repository.certifications_in_force(
        session, [f.activity_kind for _, f in formulas], today
    )
    return [
        _report(
            person,
            recorded.get(person.id, []),
            cycle,
            [
                *map(_ledger_credit, entries.get(person.id, [])),
                *map(_external_credit, external.get(person.id, [])),
            ],
            [r for r in external.get(person.id, [])],
            cap_rooms(((s, c) for s, f in formulas for c in f.caps), totals.get(person.id, {})),
            _openings(registry, formulas, certified, totals.get(person.id, {})),
            today,
        )
        for person, cycle in zip(people, cycles, strict=True)
    ]


async def report(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    person_id: int,
    asked: date | None,
    today: date,
) -> Report:
    """One person's transcript, for a viewer who must be able to see them."""
    _require_possible(asked)
    person = await require_visible(session, viewer, Person, person_id)
    (found,) = await _reports(session, [person], registry, viewer, asked, today)
    return found


def _ledger_credit(row: Any) -> Credit:
    return Credit(row.earned_on, row.amount, row.program, row.credit_system, row.credit_type)


def _external_credit(row: Any) -> Credit:
    return Credit(row.earned_on, row.credits, None, row.credit_system, row.category)


def _openings(
    registry: Registry,
    formulas: Sequence[tuple[str, Any]],
    certified: dict[str, Any],
    totals: dict[str, Any],
) -> list[Opening]:
    openings = []
    for slug, formula in formulas:
        certification = certified.get(formula.activity_kind)
        if certification is None:
            continue
        kind = registry.activity_kinds.get(formula.activity_kind)
        openings.append(
            Opening(
                program=slug,
                activity_kind=formula.activity_kind,
                title=kind.title if kind else certification.title,
                credit_system=certification.credit_system,
                credit_type=certification.credit_type,
                rate=certification.rate,
                unit=certification.unit,
                caps=tuple(cap_rooms(((slug, c) for c in formula.caps), totals)),
                whole_title=kind is None,
            )
        )
    return openings


def _report(
    person: Any,
    rows: Sequence[Any],
    cycle: Cycle | None,
    credits: list[Credit],
    self_reported: list[Any],
    caps: list[CapRoom],
    openings: list[Opening],
    today: date,
) -> Report:
    if cycle is None:
        return Report(
            person.id,
            system_of(person, rows),
            None,
            breakdown(credits, system_of(person, rows)),
            (),
            (),
            tuple(caps),
            None,
            tuple(self_reported),
        )
    verdicts, years = judged(cycle, credits)
    every = [*verdicts, *(v for y in years for v in y.verdicts)]
    return Report(
        person.id,
        cycle.system,
        cycle,
        breakdown(within(credits, cycle.starts_on, cycle.ends_on), cycle.system),
        tuple(verdicts),
        tuple(years),
        tuple(caps),
        forecast(cycle, credits, every, today, openings),
        tuple(r for r in self_reported if cycle.holds(r.earned_on)),
    )
