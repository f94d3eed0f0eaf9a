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
from core.i18n import Language, Text, _, current_language
from core.kinds import INVALID
from core.locks import lock_row
from core.people.models import Organization
from core.privacy.screen import screen
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
    """An amount as a reader writes it: ``CAD 120.00``; ``120,00 CAD`` in French."""
    if current_language() is Language.FR:
        return f"{amount:.2f}".replace(".", ",") + f"\u00a0{currency}"
    return f"{currency} {amount:.2f}"


def left_of(allocation: Allocation, spent: Decimal) -> str:
    """What is left of the allocation, in words for a refusal's ``{left}``: every refusal of a
    spend says it, so whoever asked can try a smaller one."""
    return money(max(allocation.amount - spent, Decimal(0)), allocation.currency)


def _require_amount(amount: Decimal, *, positive: bool) -> None:
    """Exact money: a finite amount in whole cents, above zero for a spend."""
    if amount != amount.quantize(Decimal("0.01")):
        raise RuleViolation.single(INVALID, _("Amounts are in whole cents."), "amount")
    if positive and amount <= 0:
        raise RuleViolation.single(INVALID, _("The amount must be above zero."), "amount")
    if amount < 0:
        raise RuleViolation.single(INVALID, _("The amount must be zero or more."), "amount")


def _require_currency(currency: str) -> str:
    code = currency.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise RuleViolation.single(INVALID, _("A currency is a three-letter ISO code."), "currency")
    return code


def _require_text(value: str, field: str, required: Text) -> str:
    """The value trimmed; refused with ``required`` (``A title is required.``) when blank."""
    if not value.strip():
        raise RuleViolation.single(INVALID, required, field)
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
        raise RuleViolation.single(
            INVALID, _("No program {program!r} is enabled.", program=program), "program"
        )
    if group is not None and group.program != program:
        raise RuleViolation.single(
            INVALID,
            _(
                "{group} belongs to the program {program}.",
                group=group.name,
                program=group.program,
            ),
            "program",
        )
    _require_amount(amount, positive=False)
    if period_end < period_start:
        raise RuleViolation.single(INVALID, _("A period ends on or after it starts."), "periodEnd")
    allocation = Allocation(
        organization_id=organization_id,
        group_id=group.id if group is not None else None,
        program=program,
        title=_require_text(title, "title", _("A title is required.")),
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
            _(
                "{title} already funds this owner from {starts} to {ends} in {currency}.",
                title=clash.title,
                starts=clash.period_start,
                ends=clash.period_end,
                currency=clash.currency,
            ),
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
    screen(note=note)
    await _may_spend(session, registry, viewer, allocation_id)
    _require_amount(amount, positive=True)
    category = _require_text(category, "category", _("A category is required."))
    allocation = await lock_row(session, Allocation, allocation_id, missing="allocation")
    spent = await repository.spent(session, allocation_id)
    code = _require_currency(currency)
    if code != allocation.currency:
        raise RuleViolation.single(
            CURRENCY,
            _(
                "This allocation is in {currency}, not {code}. "
                "Only {left} is left of this allocation.",
                currency=allocation.currency,
                code=code,
                left=left_of(allocation, spent),
            ),
            "currency",
        )
    if not allocation.period_start <= spent_on <= allocation.period_end:
        raise RuleViolation.single(
            PERIOD,
            _(
                "This allocation runs from {starts} to {ends}. "
                "Only {left} is left of this allocation.",
                starts=allocation.period_start,
                ends=allocation.period_end,
                left=left_of(allocation, spent),
            ),
            "spentOn",
        )
    if spent + amount > allocation.amount:
        raise RuleViolation.single(
            EXCEEDED,
            _(
                "A spend of {amount} is above the allocation. "
                "Only {left} is left of this allocation.",
                amount=money(amount, code),
                left=left_of(allocation, spent),
            ),
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
    screen(reason=reason)
    entry = await find(session, SpendingEntry, entry_id)
    if entry is None:
        raise hidden(viewer, "spending entry")
    await _may_spend(session, registry, viewer, entry.allocation_id)
    reason = _require_text(reason, "reason", _("A reason is required."))
    allocation = await lock_row(session, Allocation, entry.allocation_id, missing="allocation")
    spent = await repository.spent(session, allocation.id)
    if entry.reverses_entry_id is not None:
        raise RuleViolation.single(
            ALREADY_REVERSED,
            _(
                "This entry is itself a reversal; record the spend again instead. "
                "Only {left} is left of this allocation.",
                left=left_of(allocation, spent),
            ),
            "entryId",
        )
    if await repository.reversal_of(session, entry_id) is not None:
        raise RuleViolation.single(
            ALREADY_REVERSED,
            _(
                "This entry has already been reversed. Only {left} is left of this allocation.",
                left=left_of(allocation, spent),
            ),
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
