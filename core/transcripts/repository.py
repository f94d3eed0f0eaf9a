"""Statements about credit cycles, self-reported credits, and what a transcript reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, credit_entries_visible, external_credits_visible
from core.credits.models import Certification, CreditEntry
from core.people.hierarchy import at_or_below
from core.people.models import Organization, Person, RoleAssignment
from core.transcripts.models import CreditCycle, ExternalCredit


def _current_cycles() -> ColumnElement[bool]:
    return CreditCycle.replaced_by_id.is_(None)


async def cycles_of(session: AsyncSession, person_ids: Sequence[int]) -> dict[int, list[Any]]:
    """Each person's cycles in force (not replaced), earliest first."""
    statement = (
        select(CreditCycle.__table__)
        .where(CreditCycle.person_id.in_(person_ids), _current_cycles())
        .order_by(CreditCycle.starts_on, CreditCycle.id)
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for row in (await session.execute(statement)).all():
        found[row.person_id].append(row)
    return found


async def cycles_by_person(session: AsyncSession, person_ids: Sequence[int]) -> list[list[Any]]:
    """``cycles_of`` in the order of the keys, as a loader's batch returns."""
    found = await cycles_of(session, person_ids)
    return [found.get(pk, []) for pk in person_ids]


async def overlapping_cycles(
    session: AsyncSession, person_id: int, starts_on: date, ends_on: date
) -> list[CreditCycle]:
    """The person's cycles in force that share a day with ``starts_on`` to ``ends_on``."""
    rows = await session.scalars(
        select(CreditCycle).where(
            CreditCycle.person_id == person_id,
            _current_cycles(),
            CreditCycle.starts_on <= ends_on,
            CreditCycle.ends_on >= starts_on,
        )
    )
    return list(rows.all())


async def replace_cycles(session: AsyncSession, replaced: Sequence[int], by: int) -> None:
    if replaced:
        await session.execute(
            update(CreditCycle).where(CreditCycle.id.in_(replaced)).values(replaced_by_id=by)
        )


async def external_credits_between(
    session: AsyncSession, person_ids: Sequence[int], start: date, end: date, viewer: Viewer
) -> dict[int, list[Any]]:
    """The self-reported credits, not withdrawn, the viewer may see, in the order earned."""
    statement = (
        select(ExternalCredit.__table__)
        .where(
            ExternalCredit.person_id.in_(person_ids),
            ExternalCredit.withdrawn_at.is_(None),
            ExternalCredit.earned_on.between(start, end),
            external_credits_visible(viewer),
        )
        .order_by(ExternalCredit.earned_on, ExternalCredit.id)
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for row in (await session.execute(statement)).all():
        found[row.person_id].append(row)
    return found


async def scope_totals(
    session: AsyncSession, person_ids: Sequence[int], viewer: Viewer
) -> dict[int, dict[str, Decimal]]:
    """The credit each person holds in each scope, over all time, as far as the viewer sees:
    what a cap on the scope (or on one above it) has already counted."""
    statement = (
        select(CreditEntry.person_id, CreditEntry.scope, func.sum(CreditEntry.amount))
        .where(CreditEntry.person_id.in_(person_ids), credit_entries_visible(viewer))
        .group_by(CreditEntry.person_id, CreditEntry.scope)
    )
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for person_id, scope, total in (await session.execute(statement)).all():
        found[person_id][scope] = Decimal(total)
    return found


async def certifications_in_force(
    session: AsyncSession, kinds: Sequence[str], on: date
) -> dict[str, Any]:
    """Each kind's own certification covering ``on`` (the latest to start, as awards read it)."""
    statement = (
        select(Certification.__table__)
        .where(
            Certification.activity_kind.in_(kinds),
            Certification.activity_id.is_(None),
            Certification.effective_from <= on,
            or_(Certification.effective_to.is_(None), Certification.effective_to >= on),
        )
        .order_by(Certification.effective_from)
    )
    return {row.activity_kind: row for row in (await session.execute(statement)).all()}


async def licence_holders(
    session: AsyncSession, organization_id: int, numbers: Collection[str]
) -> list[Any]:
    """``(id, licence_province, licence_number)`` of the people holding one of the licence
    ``numbers`` and a role in the organization or one below it: whom a College's list, sent
    to that organization, may name."""
    reach = at_or_below(select(Organization.id).where(Organization.id == organization_id))
    statement = (
        select(Person.id, Person.licence_province, Person.licence_number)
        .where(
            Person.licence_number.in_(sorted(numbers)),
            Person.id.in_(
                select(RoleAssignment.person_id).join(
                    reach, reach.c.organization_id == RoleAssignment.organization_id
                )
            ),
        )
        .order_by(Person.id)
    )
    return list((await session.execute(statement)).all())
