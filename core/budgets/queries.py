"""Root fields reading budgets: one allocation, or an owner's."""

from __future__ import annotations

import strawberry

from core.budgets import repository
from core.budgets import service as budgets
from core.budgets.types import Allocation
from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.relay import decode_id, decode_one_of

OWNER_TYPES = ("Group", "Organization")


def decode_owner(value: str) -> tuple[str, int]:
    """An owner's global ID: a group's or an organization's."""
    return decode_one_of(value, OWNER_TYPES)


@strawberry.type
class BudgetsQuery:
    @strawberry.field(description="One allocation with what is spent and left.")
    async def budget(self, info: Info, allocation_id: strawberry.ID) -> Allocation:
        pk = decode_id(allocation_id, "Allocation")
        async with info.context.db.read() as session:
            row = await budgets.require_allocation(session, info.context.viewer, pk)
        return Allocation.from_row(row)

    @connection(
        Allocation,
        description="A group's or organization's allocations the viewer may see, optionally "
        "of one program, in the order they were made.",
    )
    async def budgets(
        self,
        info: Info,
        owner_id: strawberry.ID,
        program: str | None = None,
    ) -> Rows[Allocation]:
        owner = decode_owner(owner_id)
        info.context.viewer.require_person()
        statement = repository.allocations_of(info.context.viewer, owner, program)
        return Rows(statement, Allocation.from_row)
