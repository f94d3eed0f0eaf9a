"""Mutations allocating budgets and recording (and reversing) what is spent from them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from core.budgets import service as budgets
from core.budgets.models import Allocation as AllocationRow
from core.budgets.models import SpendingEntry as EntryRow
from core.budgets.queries import decode_owner
from core.budgets.types import Allocation, SpendingEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id


@strawberry.input
class AllocateBudgetInput:
    owner_id: strawberry.ID = strawberry.field(description="A group or an organization.")
    program: str
    title: str
    period_start: date
    period_end: date
    amount: Decimal
    currency: str = strawberry.field(description="A three-letter ISO code, e.g. CAD.")


@strawberry.type
class AllocateBudgetPayload(Payload):
    allocation: Allocation | None = None


@strawberry.input
class RecordSpendingInput:
    allocation_id: strawberry.ID = node_id("Allocation")
    category: str = strawberry.field(description="e.g. space rental, catering, honoraria.")
    amount: Decimal
    currency: str
    spent_on: date
    note: str = ""


@strawberry.input
class ReverseSpendingInput:
    entry_id: strawberry.ID = node_id("SpendingEntry")
    reason: str


@strawberry.type
class SpendingPayload(Payload):
    entry: SpendingEntry | None = None
    allocation: Allocation | None = None


def _spending(result: tuple[EntryRow, AllocationRow]) -> dict[str, object]:
    entry, allocation = result
    return {"entry": SpendingEntry.from_row(entry), "allocation": Allocation.from_row(allocation)}


@strawberry.type
class BudgetsMutation:
    @strawberry.mutation(description="Give a group or organization money for a period.")
    async def allocate_budget(
        self, info: Info, input: AllocateBudgetInput
    ) -> AllocateBudgetPayload:
        values, context = decoded(input), info.context
        values["owner"] = decode_owner(values.pop("owner_id"))
        return await mutate(
            info,
            AllocateBudgetPayload,
            lambda s: budgets.allocate(s, context.registry, context.viewer, **values),
            lambda row: {"allocation": Allocation.from_row(row)},
        )

    @strawberry.mutation(
        description="Record a spend: in the allocation's currency and period, never above "
        "what is left (CORE-BUDGET-EXCEEDED names what is)."
    )
    async def record_spending(self, info: Info, input: RecordSpendingInput) -> SpendingPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            SpendingPayload,
            lambda s: budgets.record_spending(s, context.registry, context.viewer, **values),
            _spending,
        )

    @strawberry.mutation(description="Reverse a spend once: a new entry gives its money back.")
    async def reverse_spending(self, info: Info, input: ReverseSpendingInput) -> SpendingPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            SpendingPayload,
            lambda s: budgets.reverse_spending(s, context.registry, context.viewer, **values),
            _spending,
        )
