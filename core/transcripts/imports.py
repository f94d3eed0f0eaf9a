"""Credit cycles imported in bulk from a College's list, as staff of an organization received it.

A College sends its list by licence, not by peerlearn's ids: each row names a licence (province
and number), the system, and the dates it assigned. Staff of an organization import it for the
people holding a role there or in an organization below; a licence nobody there holds is a
mistake in the list or in peerlearn, for a person to look at, never a cycle guessed onto
someone. The import is all or nothing: a list half applied would leave staff to find which rows
went in, so one bad row refuses every row, each problem named by its row. Each cycle is
recorded as one entered by hand would be (``cycles.record_cycle``), from source IMPORT.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.errors import Reason, RuleViolation
from core.i18n import _
from core.people.models import Organization
from core.repository import find
from core.transcripts import repository
from core.transcripts.cycles import CycleInput, record_cycle
from core.transcripts.models import CreditCycle, CycleKind, CycleSource

IMPORT = "CORE-CYCLE-IMPORT"
MOST_ROWS = 1000
"""A College's list for one organization is a few hundred physicians; a longer request is sent
in parts, so that one import holds one transaction (and the person locks) for a bounded time."""


@dataclass(frozen=True)
class ImportedCycle:
    """A row of a College's list."""

    licence_province: str
    licence_number: str
    credit_system: str
    starts_on: date
    ends_on: date | None = None
    kind: CycleKind = CycleKind.REGULAR

    @property
    def licence(self) -> tuple[str, str]:
        return self.licence_province.strip().upper(), self.licence_number.strip()


async def import_credit_cycles(
    session: AsyncSession, viewer: Viewer, *, organization_id: int, cycles: Sequence[ImportedCycle]
) -> list[CreditCycle]:
    """Record every row's cycle, set by the viewer, or none of them."""
    viewer.require_staff_in(organization_id)
    await find(session, Organization, organization_id, missing="organization")
    if len(cycles) > MOST_ROWS:
        raise RuleViolation.single(
            IMPORT,
            _(
                "An import holds at most {most} cycles; this one has {count}. Import the list "
                "in parts.",
                most=MOST_ROWS,
                count=len(cycles),
            ),
            "cycles",
        )
    holders = await _holders(session, organization_id, cycles)
    problems: list[Reason] = []
    recorded: list[CreditCycle] = []
    for index, row in enumerate(cycles):
        try:
            recorded.append(await _recorded(session, viewer, holders, row, recorded))
        except RuleViolation as refused:
            problems += [_in_row(index, reason) for reason in refused.reasons]
    if problems:
        raise RuleViolation(problems)
    return recorded


async def _holders(
    session: AsyncSession, organization_id: int, cycles: Sequence[ImportedCycle]
) -> dict[tuple[str, str], list[int]]:
    """Who holds each licence the list names, among the people the organization reaches."""
    numbers = {row.licence[1] for row in cycles}
    found: dict[tuple[str, str], list[int]] = {}
    for person in await repository.licence_holders(session, organization_id, numbers):
        province = (person.licence_province or "").upper()
        found.setdefault((province, person.licence_number), []).append(person.id)
    return found


async def _recorded(
    session: AsyncSession,
    viewer: Viewer,
    holders: dict[tuple[str, str], list[int]],
    row: ImportedCycle,
    earlier: Sequence[CreditCycle],
) -> CreditCycle:
    people = holders.get(row.licence, [])
    province, number = row.licence
    if len(people) != 1:
        message = (
            _(
                "No one holding a role in this organization has licence {number} ({province}).",
                number=number,
                province=province,
            )
            if not people
            else _(
                "More than one person here has licence {number} ({province}); enter this "
                "cycle for the right one on their record.",
                number=number,
                province=province,
            )
        )
        raise RuleViolation.single(IMPORT, message, "licenceNumber")
    data = CycleInput(people[0], row.credit_system, row.starts_on, row.ends_on, row.kind)
    cycle = await record_cycle(session, viewer, data, CycleSource.IMPORT)
    if any(_overlap(cycle, other) for other in earlier):
        raise RuleViolation.single(
            IMPORT,
            _(
                "Another row of this list gives licence {number} ({province}) a cycle on some "
                "of the same days; the list names each cycle once.",
                number=number,
                province=province,
            ),
            "startsOn",
        )
    return cycle


def _overlap(cycle: CreditCycle, other: CreditCycle) -> bool:
    return (
        other.person_id == cycle.person_id
        and other.starts_on <= cycle.ends_on
        and other.ends_on >= cycle.starts_on
    )


def _in_row(index: int, reason: Reason) -> Reason:
    """A row's problem, its field named within the list (``cycles.3.startsOn``)."""
    field = f"cycles.{index}" + (f".{reason.field}" if reason.field else "")
    return replace(reason, field=field)
