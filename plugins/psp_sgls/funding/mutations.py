"""Mutations of division funding: the division's staff spend (SGLS-FUNDING)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

from core.budgets.types import Allocation, SpendingEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from plugins.psp_sgls.funding import service

PspSpendingCategory = service.SpendingCategory
strawberry.enum(
    PspSpendingCategory,
    name="PspSpendingCategory",
    description="What a division's funding pays for (SGLS-FUNDING).",
)


@strawberry.input
class PspSpendInput:
    allocation_id: strawberry.ID = node_id("Allocation")
    category: PspSpendingCategory
    amount: Decimal
    spent_on: date
    note: str = ""


@strawberry.type
class PspSpendPayload(Payload):
    entry: SpendingEntry | None = None
    allocation: Allocation | None = None


def _spent(result: tuple[Any, Any]) -> dict[str, Any]:
    entry, allocation = result
    return {"entry": SpendingEntry.from_row(entry), "allocation": Allocation.from_row(allocation)}


@strawberry.type
class FundingMutation:
    @strawberry.mutation(
        description="Spend a division's funding on space rental, catering, the lead doctor's "
        "sessional payment or a peer mentor's payment: the division's staff, never beyond "
        "the allocation (SGLS-FUNDING)."
    )
    async def psp_spend_division_funding(self, info: Info, input: PspSpendInput) -> PspSpendPayload:
        values, viewer, registry = decoded(input), info.context.viewer, info.context.registry
        return await mutate(
            info, PspSpendPayload, lambda s: service.spend(s, registry, viewer, **values), _spent
        )
