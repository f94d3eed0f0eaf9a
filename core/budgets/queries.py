"""Root fields reading budgets: one allocation, or an owner's."""

from __future__ import annotations

import strawberry

from core.access import hidden
from core.budgets import repository
from core.budgets.types import Allocation
from core.errors import NotFound
from core.graphql.context import Info
from core.graphql.relay import PAGE, Connection, decode_id, from_global_id, page
from core.groups.models import Group
from core.people.models import Organization
from core.repository import by_id

OWNER_TYPES = ("Group", "Organization")


def decode_owner(value: str) -> tuple[str, int]:
    """An owner's global ID: a group's or an organization's."""
    kind, pk = from_global_id(value)
    if kind not in OWNER_TYPES:
        raise NotFound(f"No group or organization with ID {value!r}.")
    return kind, pk


@strawberry.type
class BudgetsQuery:
    @strawberry.field(description="One allocation with what is spent and left.")
    async def budget(self, info: Info, allocation_id: strawberry.ID) -> Allocation:
        pk = decode_id(allocation_id, "Allocation")
        viewer = info.context.viewer
        async with info.context.db.read() as session:
            row = await repository.visible_allocation(session, viewer, pk)
        if row is None:
            raise hidden(viewer, "allocation")
        return Allocation.from_row(row)

    @strawberry.field(
        description="A group's or organization's allocations the viewer may see, optionally "
        "of one program, in the order they were made."
    )
    async def budgets(
        self,
        info: Info,
        owner_id: strawberry.ID,
        program: str | None = None,
        first: int = PAGE,
        after: str | None = None,
    ) -> Connection[Allocation]:
        kind, pk = decode_owner(owner_id)
        viewer = info.context.viewer
        viewer.require_person()
        async with info.context.db.read() as session:
            model = Group if kind == "Group" else Organization
            (owner,) = await by_id(session, [pk], model)
        if owner is None:
            raise hidden(viewer, kind.lower())
        organization = owner.organization_id if kind == "Group" else owner.id
        group = owner.id if kind == "Group" else None
        statement = repository.allocations_of(viewer, organization, group, program)
        return await page(info, statement, first=first, after=after, build=Allocation.from_row)
