"""Node resolvers: how ``node(id:)`` fetches each type of object by global ID."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from core.graphql import loaders, types
from core.graphql.context import BatchLoad, Context
from core.programs import NodeResolver


def rows_as_nodes(batch: BatchLoad[int, Any], build: Callable[[Any], Any]) -> NodeResolver:
    """A node resolver from a batch function and a row-to-type builder."""

    async def resolve(context: Context, ids: Sequence[int]) -> list[Any]:
        rows = await context.loaders(batch).load_many(list(ids))
        return [None if row is None else build(row) for row in rows]

    return resolve


CORE_NODES: dict[str, NodeResolver] = {
    "Organization": rows_as_nodes(loaders.organizations_by_id, types.Organization.from_row),
    "Person": rows_as_nodes(loaders.people_by_id, types.Person.from_row),
    "Group": rows_as_nodes(loaders.groups_by_id, types.Group.from_row),
    "Activity": rows_as_nodes(loaders.activities_by_id, types.Activity.from_row),
    "CreditEntry": rows_as_nodes(loaders.credit_entries_by_id, types.CreditEntry.from_row),
    "DueItem": rows_as_nodes(loaders.due_items_by_id, types.DueItem.from_row),
    "Certificate": rows_as_nodes(loaders.certificates_by_id, types.Certificate.from_row),
}
