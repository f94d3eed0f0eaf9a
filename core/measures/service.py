"""Measures: staff of a program define them; a group's people record a value a month.

A value is never changed in place: ``correct_value`` appends the next version with a reason,
so what a team reported, and every correction of it, stays on record (LC-MONTHLY: results
are reported monthly, per team and measure). The run chart reads the current version of
each month with the IHI rules (``core.measures.runchart``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.errors import Forbidden, NotFound, RuleViolation
from core.groups import repository as groups
from core.groups.models import Group, MembershipStatus
from core.i18n import _, current_language
from core.kinds import INVALID
from core.measures import repository, runchart
from core.measures.models import Direction, Measure, MeasureKind, MeasureValue
from core.people.models import Organization
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import add, find

ONE_A_MONTH = "LC-MONTHLY"
DENOMINATOR = "CORE-MEASURE-DENOMINATOR"
RATIO = "CORE-MEASURE-RATIO"
COUNT = "CORE-MEASURE-COUNT"
REASON = "CORE-MEASURE-REASON"
NO_VALUE = "CORE-MEASURE-NO-VALUE"
OTHER_PROGRAM = "CORE-MEASURE-GROUP"
NAME_TAKEN = "CORE-MEASURE-NAME"
RATIO_PLACES = Decimal("0.000001")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Amounts:
    """What a value says: a ratio's numerator and denominator, or a count."""

    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: Decimal | None = None


@dataclass(frozen=True)
class Chart:
    """A group's run chart of a measure: the current value of each month, every version
    recorded, and what the IHI rules read in the points."""

    measure: Any
    points: list[Any]
    history: list[Any]
    reading: runchart.Reading


def value_of(row: Any) -> Decimal:
    """A ratio as numerator over denominator (to six places), a count as itself."""
    if row.count is not None:
        return row.count
    return (row.numerator / row.denominator).quantize(RATIO_PLACES)


def month_of(day: date) -> date:
    """A month is stored as its first day, whichever day of it the caller named."""
    return day.replace(day=1)


def month_text(month: date) -> str:
    """A month as a reader names it: ``March 2026``, ``mars 2026``."""
    return format_date(month, "MMMM y", locale=current_language().locale)


async def define_measure(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    organization_id: int,
    program: str,
    name: str,
    kind: MeasureKind,
    unit: str,
    direction: Direction,
    target: Decimal | None = None,
) -> Measure:
    """Staff of the program in the organization define what its groups measure (LC-CHARTER:
    a collaborative's charter names its measures and targets)."""
    viewer.require_staff_in(organization_id)
    if program not in registry.slugs:
        raise RuleViolation.single(
            INVALID, _("No program {program!r} is enabled.", program=program), "program"
        )
    viewer.require_staff(organization_id, program)
    await find(session, Organization, organization_id, missing="organization")
    name, unit = name.strip(), unit.strip()
    if not name or len(name) > 200:
        raise RuleViolation.single(
            INVALID, _("A measure has a name of 1 to 200 characters."), "name"
        )
    if not unit or len(unit) > 60:
        raise RuleViolation.single(
            INVALID, _("A measure has a unit of 1 to 60 characters."), "unit"
        )
    if target is not None:
        _require_cents(target, "target")
    if await repository.measure_named(session, organization_id, program, name) is not None:
        raise RuleViolation.single(
            NAME_TAKEN, _("A measure named {name!r} exists.", name=name), "name"
        )
    measure = Measure(
        organization_id=organization_id,
        program=program,
        name=name,
        kind=kind,
        unit=unit,
        direction=direction,
        target=None if target is None else target.quantize(CENT),
    )
    return await add(session, measure)


async def measures(
    session: AsyncSession, viewer: Viewer, organization_id: int, program: str
) -> list[Any]:
    """A program's measures, for whoever holds a role there (or is platform admin)."""
    viewer.require_person()
    if not (viewer.is_platform_admin or viewer.belongs_to(organization_id, program)):
        raise Forbidden()
    return await repository.measure_list(session, organization_id, program)


async def _group_for(session: AsyncSession, viewer: Viewer, group_id: int) -> Group:
    """The group, when the viewer is its program's staff or active in it (facilitator or
    member): the people whose results the values are."""
    group: Group = await require_visible(session, viewer, Group, group_id)
    if viewer.is_staff(group.organization_id, group.program):
        return group
    place = await groups.current_membership(session, group_id, viewer.require_person())
    if place is None or place.status != MembershipStatus.ACTIVE:
        raise Forbidden()
    return group


async def _measure_of(session: AsyncSession, group: Group, measure_id: int) -> Measure | None:
    """The measure, if it is one of the group's organization and program."""
    measure = await find(session, Measure, measure_id)
    if measure is None or (measure.organization_id, measure.program) != (
        group.organization_id,
        group.program,
    ):
        return None
    return measure


async def _measured(
    session: AsyncSession, viewer: Viewer, group_id: int, measure_id: int
) -> tuple[Group, Measure]:
    group = await _group_for(session, viewer, group_id)
    measure = await _measure_of(session, group, measure_id)
    if measure is None:
        raise RuleViolation.single(
            OTHER_PROGRAM, _("The measure is not one of the group's program."), "measureId"
        )
    return group, measure


def _require_cents(amount: Decimal, field: str) -> None:
    if amount != amount.quantize(CENT):
        raise RuleViolation.single(INVALID, _("At most two decimal places."), field)


def _cents(amount: Decimal | None) -> Decimal | None:
    """As the database gives it back (two places), so a payload reads as a later query."""
    return None if amount is None else amount.quantize(CENT)


def _check(measure: Measure, amounts: Amounts) -> None:
    """A ratio has a numerator between 0 and a positive denominator; a count is not negative."""
    if measure.kind == MeasureKind.COUNT:
        if (
            amounts.count is None
            or amounts.numerator is not None
            or amounts.denominator is not None
        ):
            raise RuleViolation.single(
                INVALID, _("{measure} takes a count.", measure=measure.name), "count"
            )
        _require_cents(amounts.count, "count")
        if amounts.count < 0:
            raise RuleViolation.single(COUNT, _("A count cannot be negative."), "count")
        return
    numerator, denominator = amounts.numerator, amounts.denominator
    if numerator is None or denominator is None or amounts.count is not None:
        raise RuleViolation.single(
            INVALID,
            _("{measure} takes a numerator and a denominator.", measure=measure.name),
            "numerator",
        )
    _require_cents(numerator, "numerator")
    _require_cents(denominator, "denominator")
    if denominator <= 0:
        raise RuleViolation.single(
            DENOMINATOR, _("The denominator must be above 0."), "denominator"
        )
    if not 0 <= numerator <= denominator:
        raise RuleViolation.single(
            RATIO, _("The numerator must be between 0 and the denominator."), "numerator"
        )


async def record_value(
    session: AsyncSession,
    viewer: Viewer,
    *,
    group_id: int,
    measure_id: int,
    period: date,
    amounts: Amounts,
) -> MeasureValue:
    """A group's value for a month, once: a second one is a correction, with its reason."""
    group, measure = await _measured(session, viewer, group_id, measure_id)
    _check(measure, amounts)
    month = month_of(period)
    if await repository.current_value(session, measure.id, group.id, month) is not None:
        raise RuleViolation.single(
            ONE_A_MONTH,
            _(
                "{measure} for {month} is recorded already; correct it instead.",
                measure=measure.name,
                month=month_text(month),
            ),
            "period",
        )
    return await _append(session, viewer, group, measure, month, amounts, None, None)


async def correct_value(
    session: AsyncSession,
    viewer: Viewer,
    *,
    group_id: int,
    measure_id: int,
    period: date,
    amounts: Amounts,
    reason: str,
) -> MeasureValue:
    """A new version of the month's value, superseding the current one and saying why."""
    screen(reason=reason)
    group, measure = await _measured(session, viewer, group_id, measure_id)
    if not reason.strip():
        raise RuleViolation.single(REASON, _("A correction says why it was made."), "reason")
    if len(reason) > 500:
        raise RuleViolation.single(INVALID, _("A reason has at most 500 characters."), "reason")
    _check(measure, amounts)
    month = month_of(period)
    current = await repository.current_value(session, measure.id, group.id, month)
    if current is None:
        raise RuleViolation.single(
            NO_VALUE,
            _(
                "No value of {measure} for {month} to correct.",
                measure=measure.name,
                month=month_text(month),
            ),
            "period",
        )
    return await _append(session, viewer, group, measure, month, amounts, current, reason.strip())


async def _append(
    session: AsyncSession,
    viewer: Viewer,
    group: Group,
    measure: Measure,
    month: date,
    amounts: Amounts,
    current: MeasureValue | None,
    reason: str | None,
) -> MeasureValue:
    """The next version; a writer at the same moment meets the unique key and retries."""
    row = MeasureValue(
        measure_id=measure.id,
        group_id=group.id,
        period=month,
        version=1 if current is None else current.version + 1,
        numerator=_cents(amounts.numerator),
        denominator=_cents(amounts.denominator),
        count=_cents(amounts.count),
        supersedes_id=None if current is None else current.id,
        reason=reason,
        recorded_by_id=viewer.require_person(),
    )
    return await add(session, row)


async def run_chart(session: AsyncSession, viewer: Viewer, group_id: int, measure_id: int) -> Chart:
    """The group's monthly values of the measure read as a run chart: for the group's active
    people and its program's staff."""
    group = await _group_for(session, viewer, group_id)
    return await chart_of(session, group, measure_id)


async def chart_of(session: AsyncSession, group: Group, measure_id: int) -> Chart:
    """The group's run chart of the measure, for a program that has decided itself who may
    read it (a learning collaborative sharing its teams' reports with one another); NotFound
    unless the measure is one of the group's organization and program."""
    measure = await _measure_of(session, group, measure_id)
    if measure is None:
        raise NotFound(_("No such measure for this group."))
    points = await repository.latest_versions(session, measure.id, group.id)
    history = await repository.history(session, measure.id, group.id)
    reading = runchart.read([value_of(p) for p in points])
    return Chart(measure, points, history, reading)
