"""GraphQL types of budgets: an allocation with what is spent and left, and its ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import strawberry

from core.budgets import repository
from core.graphql.context import Context, Info
from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow


def _entry_id(pk: int | None) -> strawberry.ID | None:
    return to_global_id("SpendingEntry", pk) if pk else None


@strawberry.type(description="One line of a budget's append-only ledger; a reversal is negative.")
class SpendingEntry(Node, FromRow):
    COMPUTED = {"reverses_entry_id": lambda row: _entry_id(row.reverses_entry_id)}

    category: str
    amount: Decimal = strawberry.field(description="Spent (positive) or given back (negative).")
    currency: str
    note: str = strawberry.field(description="What it was for; for a reversal, the reason.")
    spent_on: date
    recorded_at: datetime
    reverses_entry_id: strawberry.ID | None = strawberry.field(
        description="The entry this one reverses."
    )
    pk: strawberry.Private[int]

    @strawberry.field(description="The entry that reversed this one, if any.")
    async def reversed_by_id(self, info: Info) -> strawberry.ID | None:
        return _entry_id(await info.context.loaders(repository.reversed_entry_ids).load(self.pk))


@strawberry.type(description="Money a program gives an organization or group for a period.")
class Allocation(Node, FromRow):
    COMPUTED = {
        "owner_id": lambda row: (
            to_global_id("Group", row.group_id)
            if row.group_id is not None
            else to_global_id("Organization", row.organization_id)
        )
    }

    owner_id: strawberry.ID = strawberry.field(description="The group or organization funded.")
    program: str
    title: str
    period_start: date
    period_end: date
    amount: Decimal = strawberry.field(description="What was allocated.")
    currency: str
    pk: strawberry.Private[int]

    @strawberry.field(description="What the ledger has taken, reversals given back.")
    async def spent(self, info: Info) -> Decimal:
        return await info.context.loaders(repository.spent_by_allocation).load(self.pk)

    @strawberry.field(description="What may still be spent.")
    async def left(self, info: Info) -> Decimal:
        spent = await info.context.loaders(repository.spent_by_allocation).load(self.pk)
        return max(self.amount - spent, Decimal("0.00"))

    @strawberry.field(description="The ledger, oldest first; nothing is ever removed from it.")
    async def entries(self, info: Info) -> list[SpendingEntry]:
        rows = await info.context.loaders(repository.entries_by_allocation).load(self.pk)
        return [SpendingEntry.from_row(row) for row in rows]


async def allocation_nodes(context: Context, ids: Sequence[int]) -> list[Allocation | None]:
    """``node(id:)`` for allocations, by the same visibility as the budget queries."""
    loader = context.loaders(repository.visible_allocations_by_id, context.viewer)
    rows = await loader.load_many(list(ids))
    return [None if row is None else Allocation.from_row(row) for row in rows]


async def entry_nodes(context: Context, ids: Sequence[int]) -> list[SpendingEntry | None]:
    """``node(id:)`` for ledger entries: whoever sees the allocation sees its ledger."""
    loader = context.loaders(repository.visible_entries_by_id, context.viewer)
    rows = await loader.load_many(list(ids))
    return [None if row is None else SpendingEntry.from_row(row) for row in rows]
