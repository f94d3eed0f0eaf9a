"""Node resolvers: how ``node(id:)`` fetches each type of object by global ID, through the
same visibility rule as the lists (an object the viewer may not see is simply not found)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from core.activities.models import Activity, Participation
from core.certificates.models import Certificate
from core.credits.models import CreditEntry
from core.due_items.models import DueItem
from core.graphql import loaders, types
from core.graphql.context import Context
from core.groups.models import Group
from core.people.models import Person
from core.programs import NodeResolver


def visible_nodes(model: type, build: Callable[[Any], Any]) -> NodeResolver:
    """A node resolver for a model with a visibility rule in ``core.access.VISIBILITY``."""

    async def resolve(context: Context, ids: Sequence[int]) -> list[Any]:
        loader = context.loaders(loaders.visible_by_id, model, context.viewer)
        rows = await loader.load_many(list(ids))
        return [None if row is None else build(row) for row in rows]

    return resolve


async def _organizations(context: Context, ids: Sequence[int]) -> list[Any]:
    """Organizations are public: who runs a program is not personal information."""
    rows = await context.loaders(loaders.organizations_by_id).load_many(list(ids))
    return [None if row is None else types.Organization.from_row(row) for row in rows]


CORE_NODES: dict[str, NodeResolver] = {
    "Organization": _organizations,
    "Person": visible_nodes(Person, types.Person.from_row),
    "Group": visible_nodes(Group, types.Group.from_row),
    "Activity": visible_nodes(Activity, types.Activity.from_row),
    "Participation": visible_nodes(Participation, types.Participation.from_row),
    "CreditEntry": visible_nodes(CreditEntry, types.CreditEntry.from_row),
    "DueItem": visible_nodes(DueItem, types.DueItem.from_row),
    "Certificate": visible_nodes(Certificate, types.Certificate.from_row),
}
