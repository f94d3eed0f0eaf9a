"""Mutations setting and completing what a person owes."""

from __future__ import annotations

from datetime import date

import strawberry

from core.due_items import service as due_items
from core.due_items.types import DueItem
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id


@strawberry.input
class CreateDueItemInput:
    person_id: strawberry.ID = node_id("Person")
    program: str
    kind: str
    title: str
    due_on: date


@strawberry.type
class DueItemPayload(Payload):
    due_item: DueItem | None = None


@strawberry.input
class CompleteDueItemInput:
    due_item_id: strawberry.ID = node_id("DueItem")


def _shown(row: object) -> dict[str, DueItem]:
    return {"due_item": DueItem.from_row(row)}


@strawberry.type
class DueItemsMutation:
    @strawberry.mutation
    async def create_due_item(self, info: Info, input: CreateDueItemInput) -> DueItemPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            DueItemPayload,
            lambda s: due_items.create_due_item(s, context.registry, context.viewer, **values),
            _shown,
        )

    @strawberry.mutation
    async def complete_due_item(self, info: Info, input: CompleteDueItemInput) -> DueItemPayload:
        item_id, context = decoded(input)["due_item_id"], info.context
        return await mutate(
            info,
            DueItemPayload,
            lambda s: due_items.complete_due_item(s, context.registry, context.viewer, item_id),
            _shown,
        )
