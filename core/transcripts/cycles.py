"""A person's credit cycles: the dates their College assigned, entered with who entered them.

Staff of any program in an organization where the person holds a role enter them (one at a
time, or imported from the College's list); a physician may enter their own regular cycle's
dates. Which system a person follows and a remedial cycle are the College's decisions that
staff record (``CORE-CYCLE-STAFF``). A cycle entered over days another already covers replaces
it: the College's latest word counts, and the replaced cycle stays in the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, forbidden, is_staff_over
from core.errors import RuleViolation
from core.i18n import Text, _
from core.locks import lock_row
from core.people.models import Person
from core.repository import add
from core.transcripts import repository
from core.transcripts.judging import cycle_end
from core.transcripts.models import CreditCycle, CycleKind, CycleSource
from core.transcripts.systems import CREDIT_SYSTEMS, CreditSystem, followed_by

DATES = "CORE-CYCLE-DATES"
STAFF = "CORE-CYCLE-STAFF"
SYSTEM = "CORE-CYCLE-SYSTEM"

# Any practising physician's cycle, with room for every cycle's dates to exist.
EARLIEST_START = date(1900, 1, 1)
LATEST_START = date(2100, 12, 31)


def start_problem(value: date) -> Text | None:
    """Why ``value`` cannot start a cycle, or ``None`` if it can."""
    if EARLIEST_START <= value <= LATEST_START:
        return None
    return _(
        "A cycle starts between {earliest} and {latest}; {value} is outside that.",
        earliest=EARLIEST_START.isoformat(),
        latest=LATEST_START.isoformat(),
        value=value.isoformat(),
    )


def system_of(person: Any, cycles: Sequence[Any]) -> CreditSystem | None:
    """The system of the person's latest cycle, else the one their profession follows."""
    for row in reversed(cycles):
        if row.credit_system in CREDIT_SYSTEMS:
            return CREDIT_SYSTEMS[row.credit_system]
    return followed_by(person.profession)


@dataclass(frozen=True)
class CycleInput:
    person_id: int
    credit_system: str
    starts_on: date
    ends_on: date | None = None
    kind: CycleKind = CycleKind.REGULAR


def _checked(data: CycleInput) -> tuple[date, date]:
    """The cycle's first and last days; its length follows its system's rules when the end
    is not given."""
    system = CREDIT_SYSTEMS.get(data.credit_system)
    if system is None:
        raise RuleViolation.single(
            SYSTEM,
            _(
                "{system!r} is not a credit system peerlearn knows; it knows {known}.",
                system=data.credit_system,
                known=", ".join(sorted(CREDIT_SYSTEMS)),
            ),
            "creditSystem",
        )
    if data.kind is CycleKind.REMEDIAL and system.remedial is None:
        raise RuleViolation.single(
            SYSTEM, _("{system} has no remedial cycle.", system=system.name), "kind"
        )
    if problem := start_problem(data.starts_on):
        raise RuleViolation.single(DATES, problem, "startsOn")
    rules = system.remedial if data.kind is CycleKind.REMEDIAL else system.regular
    assert rules is not None  # refused above
    ends_on = data.ends_on or cycle_end(data.starts_on, rules.years)
    if ends_on <= data.starts_on:
        raise RuleViolation.single(DATES, _("A cycle ends after the day it starts."), "endsOn")
    if ends_on > cycle_end(data.starts_on, rules.years + 1):
        raise RuleViolation.single(
            DATES,
            _(
                "A {system} cycle lasts {years} years; {end} is more than a year past that.",
                system=system.name,
                years=rules.years,
                end=ends_on.isoformat(),
            ),
            "endsOn",
        )
    return data.starts_on, ends_on


async def _own_cycle(session: AsyncSession, viewer: Viewer, data: CycleInput) -> None:
    """A physician enters their own regular cycle, in the system they already follow."""
    if viewer.person_id != data.person_id:
        raise forbidden()
    person = await session.get(Person, data.person_id)
    recorded = await repository.cycles_of(session, [data.person_id])
    follows = system_of(person, recorded.get(data.person_id, []))
    if data.kind is CycleKind.REMEDIAL or (follows and follows.code != data.credit_system):
        raise RuleViolation.single(
            STAFF,
            _(
                "Your College decides which credit system you follow and any remedial cycle; "
                "program staff enter those. You may enter your regular cycle's dates."
            ),
            "kind" if data.kind is CycleKind.REMEDIAL else "creditSystem",
        )


async def set_credit_cycle(
    session: AsyncSession,
    viewer: Viewer,
    *,
    person_id: int,
    credit_system: str,
    starts_on: date,
    ends_on: date | None = None,
    kind: CycleKind = CycleKind.REGULAR,
) -> CreditCycle:
    """Staff over the person enter any cycle; the person may enter their own (source SELF)."""
    viewer.require_person()
    data = CycleInput(person_id, credit_system, starts_on, ends_on, kind)
    if await is_staff_over(session, viewer, person_id, None):
        return await record_cycle(session, viewer, data, CycleSource.STAFF)
    await _own_cycle(session, viewer, data)
    return await record_cycle(session, viewer, data, CycleSource.SELF)


async def record_cycle(
    session: AsyncSession, viewer: Viewer, data: CycleInput, source: CycleSource
) -> CreditCycle:
    """Record the cycle as entered from ``source``, replacing those it overlaps; the person's
    row is locked so that two entries for one person are applied one after the other. Who may
    enter it is the caller's to decide."""
    starts_on, ends_on = _checked(data)
    await lock_row(session, Person, data.person_id, missing="person")
    replaced = await repository.overlapping_cycles(session, data.person_id, starts_on, ends_on)
    cycle = await add(
        session,
        CreditCycle(
            person_id=data.person_id,
            credit_system=data.credit_system,
            kind=data.kind,
            starts_on=starts_on,
            ends_on=ends_on,
            source=source,
            set_by_id=viewer.person_id,
        ),
    )
    await repository.replace_cycles(session, [c.id for c in replaced], cycle.id)
    return cycle
