"""How ``node(id:)`` fetches a type of object by global ID: through the same visibility rule
as the lists, so an object the viewer may not see is simply not found."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from core.graphql.context import Context, NodeResolver
from core.repository import by_id, visible_by_id


def visible_nodes(model: type, build: Callable[[Any], Any]) -> NodeResolver:
    """A node resolver for a model with a visibility rule in ``core.access.VISIBILITY``."""

    async def resolve(context: Context, ids: Sequence[int]) -> list[Any]:
        loader = context.loaders(visible_by_id, model, context.viewer)
        rows = await loader.load_many(list(ids))
        return [None if row is None else build(row) for row in rows]

    return resolve


def public_nodes(model: type, build: Callable[[Any], Any]) -> NodeResolver:
    """A node resolver for a model anyone may see (who runs a program is not personal)."""

    async def resolve(context: Context, ids: Sequence[int]) -> list[Any]:
        rows = await context.loaders(by_id, model).load_many(list(ids))
        return [None if row is None else build(row) for row in rows]

    return resolve
