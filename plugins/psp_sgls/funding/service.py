"""Division funding (SGLS-FUNDING) on core budgets: the provincial office allocates each
division its predetermined amount (core's ``allocateBudget``, through the RST's reach); the
division's staff spend it on the program's four categories. Core refuses spending past the
allocation under a row lock, so concurrent requests never overspend; the program reports that
refusal under its own rule, with core's message naming what is left."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.budgets import service as budgets
from core.budgets.models import Allocation, SpendingEntry
from core.errors import Reason, RuleViolation
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import find
from plugins.psp_sgls import SLUG
from plugins.psp_sgls.i18n import _

FUNDING = "SGLS-FUNDING"
EXCEEDED = "CORE-BUDGET-EXCEEDED"


class SpendingCategory(enum.StrEnum):
    """What a division's funding pays for (seed 000)."""

    SPACE_RENTAL = "space rental"
    CATERING = "catering"
    SESSIONAL_PAYMENT = "sessional payment to the lead doctor"
    PEER_MENTOR_PAYMENT = "peer mentor payment"


async def spend(
    db: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    allocation_id: int,
    category: SpendingCategory,
    amount: Decimal,
    note: str,
    spent_on: date,
) -> tuple[SpendingEntry, Allocation]:
    """Spend from a division's allocation of this program, never beyond it (SGLS-FUNDING)."""
    screen(note=note)
    allocation = await find(db, Allocation, allocation_id, missing="allocation")
    if allocation.program != SLUG:
        raise RuleViolation.single(
            FUNDING, _("Spend only from this program's division funding."), "allocationId"
        )
    try:
        return await budgets.record_spending(
            db,
            registry,
            viewer,
            allocation_id=allocation_id,
            category=SpendingCategory(category).value,
            amount=amount,
            currency=allocation.currency,
            note=note,
            spent_on=spent_on,
        )
    except RuleViolation as refused:
        if EXCEEDED not in [r.code for r in refused.reasons]:
            raise
        message = next(r.message for r in refused.reasons if r.code == EXCEEDED)
        raise RuleViolation([Reason(code=FUNDING, message=message, field="amount")]) from refused
