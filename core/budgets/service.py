"""Budgets: staff allocate money to an owner for a period and record what is spent from it.

The limit holds the way a group's capacity does (``core.groups.capacity``): the allocation
row is locked, its ledger summed, and the entry written, all in the caller's transaction, so
two requests for the last of the money can never both win, on PostgreSQL or SQLite. Every
refusal of a spend names its rule and what is left, so whoever asked can try a smaller one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden, require_visible
from core.budgets import repository
from core.budgets.models import Allocation, SpendingEntry
from core.errors import Forbidden, RuleViolation
from core.groups.models import Group
from core.kinds import INVALID
from core.locks import lock_row
from core.people.models import Organization
from core.registry import Registry
from core.repository import add, find

EXCEEDED = "CORE-BUDGET-EXCEEDED"
CURRENCY = "CORE-BUDGET-CURRENCY"
PERIOD = "CORE-BUDGET-PERIOD"
OVERLAP = "CORE-BUDGET-OVERLAP"
ALREADY_REVERSED = "CORE-BUDGET-REVERSED"
FACILITATORS_SPEND = "budget_facilitators_spend"
"""A program's boolean setting: its groups' facilitators may record their group's spending."""


def money(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount:.2f}"


def left_of(allocation: Allocation, spent: Decimal) -> str:
    left = max(allocation.amount - spent, Decimal(0))
    return f"Only {money(left, allocation.currency)} is left of this allocation."


def _require_amount(amount: Decimal, *, positive: bool) -> None:
    """Exact money: a finite amount in whole cents, above zero for a spend."""
    if amount != amount.quantize(Decimal("0.01")):
        raise RuleViolation.single(INVALID, "Amounts are in whole cents.", "amount")
    if amount < 0 or (positive and amount == 0):
        word = "above zero" if positive else "zero or more"
        raise RuleViolation.single(INVALID, f"The amount must be {word}.", "amount")


def _require_currency(currency: str) -> str:
    code = currency.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise RuleViolation.single(INVALID, "A currency is a three-letter ISO code.", "currency")
    return code


def _require_text(value: str, field: str, what: str) -> str:
    if not value.strip():
        raise RuleViolation.single(INVALID, f"{what} is required.", field)
    return value.strip()


async def require_allocation(
    session: AsyncSession, viewer: Viewer, allocation_id: int
) -> Allocation:
    """An allocation the viewer may see; FORBIDDEN otherwise, whether or not it exists."""
    row = await repository.visible_allocation(session, viewer, allocation_id)
    if row is None:
        raise hidden(viewer, "allocation")
    return row


async def allocate(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    owner: tuple[str, int],
    program: str,
    title: str,
    period_start: date,
    period_end: date,
    amount: Decimal,
    currency: str,
) -> Allocation:
    """Give an organization, or one of its groups, money for a period. Program staff of the
    owner's organization allocate; one owner holds one allocation per program, currency and
    period, so what is left of it is never ambiguous."""
    viewer.require_person()
    kind, pk = owner
    group: Group | None = None
    if kind == "Group":
        group = await require_visible(session, viewer, Group, pk)
        organization_id = group.organization_id
    else:
        organization_id = (await find(session, Organization, pk, missing="organization")).id
    viewer.require_staff_in(organization_id)
    viewer.require_staff(organization_id, program)
    if program not in registry.slugs:
        raise RuleViolation.single(INVALID, f"No program {program!r} is enabled.", "program")
    if group is not None and group.program != program:
        raise RuleViolation.single(
            INVALID, f"{group.name} belongs to the program {group.program}.", "program"
        )
    _require_amount(amount, positive=False)
    if period_end < period_start:
        raise RuleViolation.single(INVALID, "A period ends on or after it starts.", "periodEnd")
    allocation = Allocation(
        organization_id=organization_id,
        group_id=group.id if group is not None else None,
        program=program,
        title=_require_text(title, "title", "A title"),
        period_start=period_start,
        period_end=period_end,
        amount=amount,
        currency=_require_currency(currency),
        created_by_id=viewer.person_id,
    )
    # The owner is locked so two allocations of one period cannot be made at the same time.
    await lock_row(session, Group if group is not None else Organization, pk)
    clash = await repository.overlapping(session, allocation)
    if clash is not None:
        raise RuleViolation.single(
            OVERLAP,
            f"{clash.title} already funds this owner from {clash.period_start} to "
            f"{clash.period_end} in {clash.currency}.",
            "periodStart",
        )
    return await add(session, allocation)


async def _may_spend(
    session: AsyncSession, registry: Registry, viewer: Viewer, allocation_id: int
) -> Allocation:
    """Program staff of the owner's organization record spending; so does an active
    facilitator of an owning group when its program sets ``budget_facilitators_spend``."""
    allocation = await require_allocation(session, viewer, allocation_id)
    if viewer.is_staff(allocation.organization_id, allocation.program):
        return allocation
    # Whoever sees an allocation without being staff is an active facilitator of its group.
    enabled = allocation.program in registry.slugs
    settings = registry.program(allocation.program).settings if enabled else {}
    if allocation.group_id is not None and settings.get(FACILITATORS_SPEND) is True:
        return allocation
    raise Forbidden()


async def record_spending(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    allocation_id: int,
    category: str,
    amount: Decimal,
    currency: str,
    note: str,
    spent_on: date,
) -> tuple[SpendingEntry, Allocation]:
    """Take money from an allocation: in its currency, within its period, never more than is
    left. The allocation is locked before its ledger is summed (see the module's docstring)."""
    await _may_spend(session, registry, viewer, allocation_id)
    _require_amount(amount, positive=True)
    category = _require_text(category, "category", "A category")
    allocation = await lock_row(session, Allocation, allocation_id, missing="allocation")
    spent = await repository.spent(session, allocation_id)
    code = _require_currency(currency)
    if code != allocation.currency:
        raise RuleViolation.single(
            CURRENCY,
            f"This allocation is in {allocation.currency}, not {code}. "
            + left_of(allocation, spent),
            "currency",
        )
    if not allocation.period_start <= spent_on <= allocation.period_end:
        raise RuleViolation.single(
            PERIOD,
            f"This allocation runs from {allocation.period_start} to {allocation.period_end}. "
            + left_of(allocation, spent),
            "spentOn",
        )
    if spent + amount > allocation.amount:
        raise RuleViolation.single(
            EXCEEDED,
            f"A spend of {money(amount, code)} is above the allocation. "
            + left_of(allocation, spent),
            "amount",
        )
    entry = SpendingEntry(
        allocation_id=allocation_id,
        category=category,
        amount=amount,
        currency=code,
        note=note.strip(),
        spent_on=spent_on,
        recorded_by_id=viewer.person_id,
    )
    return await add(session, entry), allocation


async def reverse_spending(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, entry_id: int, reason: str
) -> tuple[SpendingEntry, Allocation]:
    """Correct a spend by a reversing entry that gives its money back; the entry itself stays.
    An entry is reversed once, and a reversal is not reversed (record the spend again)."""
    entry = await find(session, SpendingEntry, entry_id)
    if entry is None:
        raise hidden(viewer, "spending entry")
    await _may_spend(session, registry, viewer, entry.allocation_id)
    reason = _require_text(reason, "reason", "A reason")
    allocation = await lock_row(session, Allocation, entry.allocation_id, missing="allocation")
    spent = await repository.spent(session, allocation.id)
    if entry.reverses_entry_id is not None:
        raise RuleViolation.single(
            ALREADY_REVERSED,
            "This entry is itself a reversal; record the spend again instead. "
            + left_of(allocation, spent),
            "entryId",
        )
    if await repository.reversal_of(session, entry_id) is not None:
        raise RuleViolation.single(
            ALREADY_REVERSED,
            "This entry has already been reversed. " + left_of(allocation, spent),
            "entryId",
        )
    reversal = SpendingEntry(
        allocation_id=allocation.id,
        category=entry.category,
        amount=-entry.amount,
        currency=entry.currency,
        note=reason,
        spent_on=entry.spent_on,
        reverses_entry_id=entry.id,
        recorded_by_id=viewer.person_id,
    )
    return await add(session, reversal), allocation
