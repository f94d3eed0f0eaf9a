"""Statements of the budgets slice: what is spent, who may see an allocation, batch reads."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    false,
    func,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, staff_scope
from core.budgets.models import Allocation, SpendingEntry
from core.groups.models import Membership, MembershipRole, MembershipStatus
from core.repository import grouped, rows_by_id

CENT = Decimal("0.01")
# The stored hundredths summed as integers (a plain sum would take the column's Decimal type).
SUM_HUNDREDTHS = type_coerce(func.sum(SpendingEntry.__table__.c.amount), Integer)


def _money(hundredths: int | None) -> Decimal:
    """A sum of the ``Hundredths`` column as money: SQL sums the stored integers."""
    return (Decimal(hundredths or 0) / 100).quantize(CENT)


async def spent(session: AsyncSession, allocation_id: int) -> Decimal:
    """What the ledger has taken from the allocation, reversals given back."""
    total = await session.scalar(
        select(SUM_HUNDREDTHS).where(SpendingEntry.allocation_id == allocation_id)
    )
    return _money(total)


async def reversal_of(session: AsyncSession, entry_id: int) -> int | None:
    """The entry that reversed this one, if any."""
    return await session.scalar(
        select(SpendingEntry.id).where(SpendingEntry.reverses_entry_id == entry_id)
    )


async def overlapping(session: AsyncSession, allocation: Allocation) -> Allocation | None:
    """Another allocation of the same owner, program and currency whose period meets this one."""
    return await session.scalar(
        select(Allocation)
        .where(
            Allocation.organization_id == allocation.organization_id,
            Allocation.group_id.is_(None)
            if allocation.group_id is None
            else Allocation.group_id == allocation.group_id,
            Allocation.program == allocation.program,
            Allocation.currency == allocation.currency,
            Allocation.period_start <= allocation.period_end,
            Allocation.period_end >= allocation.period_start,
        )
        .limit(1)
    )


def facilitated_groups(viewer: Viewer) -> Any:
    """Groups the viewer actively facilitates."""
    return select(Membership.group_id).where(
        Membership.person_id == viewer.person_id,
        Membership.role == MembershipRole.FACILITATOR,
        Membership.status == MembershipStatus.ACTIVE,
    )


def allocations_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Staff of the owner's organization for the program see its budgets; a group's active
    facilitator sees the group's."""
    if not viewer.is_authenticated:
        return false()
    if viewer.is_platform_admin:
        return true()
    return or_(
        staff_scope(viewer, Allocation.organization_id, Allocation.program),
        and_(
            Allocation.group_id.is_not(None),
            Allocation.group_id.in_(facilitated_groups(viewer)),
        ),
    )


async def visible_allocation(
    session: AsyncSession, viewer: Viewer, allocation_id: int
) -> Allocation | None:
    return await session.scalar(
        select(Allocation).where(Allocation.id == allocation_id, allocations_visible(viewer))
    )


def allocations_of(viewer: Viewer, owner: tuple[str, int], program: str | None) -> Select[Any]:
    """An owner's allocations the viewer may see (for a page, in the order they were made). An
    owner that does not exist simply has none, so the list tells no one which IDs exist."""
    kind, pk = owner
    if kind == "Group":
        statement = select(Allocation).where(Allocation.group_id == pk)
    else:
        statement = select(Allocation).where(
            Allocation.organization_id == pk, Allocation.group_id.is_(None)
        )
    statement = statement.where(allocations_visible(viewer))
    if program is not None:
        statement = statement.where(Allocation.program == program)
    return statement


async def visible_allocations_by_id(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Any]:
    """Allocations by key for ``node(id:)``; ``None`` for those the viewer may not see."""
    return await rows_by_id(session, Allocation, ids, allocations_visible(viewer))


async def visible_entries_by_id(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Any]:
    """Ledger entries by key for ``node(id:)``: those of allocations the viewer may see."""
    shown = select(Allocation.id).where(allocations_visible(viewer))
    return await rows_by_id(session, SpendingEntry, ids, SpendingEntry.allocation_id.in_(shown))


async def entries_by_allocation(
    session: AsyncSession, allocation_ids: Sequence[int]
) -> list[list[Any]]:
    """Each allocation's ledger, oldest entry first."""
    statement = select(SpendingEntry.__table__).order_by(SpendingEntry.id)
    return await grouped(session, statement, SpendingEntry.allocation_id, allocation_ids)


async def spent_by_allocation(
    session: AsyncSession, allocation_ids: Sequence[int]
) -> list[Decimal]:
    """What each allocation's ledger has taken, in one statement."""
    rows = await session.execute(
        select(SpendingEntry.allocation_id, SUM_HUNDREDTHS)
        .where(SpendingEntry.allocation_id.in_(allocation_ids))
        .group_by(SpendingEntry.allocation_id)
    )
    totals = {allocation: total for allocation, total in rows.all()}
    return [_money(totals.get(pk)) for pk in allocation_ids]


async def reversed_entry_ids(session: AsyncSession, entry_ids: Sequence[int]) -> list[int | None]:
    """For each entry, the entry reversing it (or ``None``)."""
    rows = await session.execute(
        select(SpendingEntry.reverses_entry_id, SpendingEntry.id).where(
            SpendingEntry.reverses_entry_id.in_(entry_ids)
        )
    )
    found = dict(rows.all())
    return [found.get(pk) for pk in entry_ids]
