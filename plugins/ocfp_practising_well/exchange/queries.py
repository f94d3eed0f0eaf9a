"""Root fields reading the Information Exchange and program feedback, and its node resolvers.

``node(id:)`` reads through the same visibility conditions as the lists, so what a list
never shows a viewer cannot be fetched by ID either."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.graphql.connections import Rows, connection
from core.graphql.context import Context, Info, NodeResolver
from core.graphql.relay import decode_id
from plugins.ocfp_practising_well.accounts.types import PwTopic
from plugins.ocfp_practising_well.exchange import repository, service
from plugins.ocfp_practising_well.exchange.types import (
    PwFeedbackComponentSummary,
    PwFeedbackSummary,
    PwQuestion,
    PwQuestionStatus,
    PwResource,
)


def _organization(organization_id: strawberry.ID | None) -> int | None:
    return decode_id(organization_id, "Organization") if organization_id else None


@strawberry.type
class ExchangeQuery:
    @connection(
        PwResource,
        description="Information Exchange resources the viewer may search (their "
        "organization's, as an approved learner, guide or program staff), optionally matching "
        "every word of `search` in the title or summary, any case, and one topic.",
    )
    async def pw_resources(
        self,
        info: Info,
        search: str | None = None,
        topic: PwTopic | None = None,
        organization_id: strawberry.ID | None = None,
    ) -> Rows[PwResource]:
        statement = service.search_resources(
            info.context.viewer,
            organization_id=_organization(organization_id),
            search=search,
            topic=topic,
        )
        return Rows(statement, PwResource.from_row)

    @connection(
        PwQuestion,
        description="Resource-navigation questions: a learner's own; every question of their "
        "organization to guides and program staff (OPEN ones are waiting for an answer).",
    )
    async def pw_questions(
        self,
        info: Info,
        status: PwQuestionStatus | None = None,
        topic: PwTopic | None = None,
        organization_id: strawberry.ID | None = None,
    ) -> Rows[PwQuestion]:
        statement = service.list_questions(
            info.context.viewer,
            status=status,
            organization_id=_organization(organization_id),
            topic=topic,
        )
        return Rows(statement, PwQuestion.from_row)

    @strawberry.field(
        description="Program staff: ratings and comments per component, never who gave them."
    )
    async def pw_feedback_summary(
        self, info: Info, organization_id: strawberry.ID
    ) -> PwFeedbackSummary:
        pk = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            rows = await service.feedback_summary(session, info.context.viewer, pk)
        return PwFeedbackSummary(
            organization_id=organization_id,
            components=[PwFeedbackComponentSummary.from_row(r) for r in rows],
        )


VisibleBatch = Callable[[AsyncSession, Sequence[int], Viewer], Awaitable[list[Any]]]


def _nodes(batch: VisibleBatch, build: Callable[[Any], Any]) -> NodeResolver:
    """The exchange's visibility rules are the plugin's, not entries of core's ``VISIBILITY``
    that ``core.graphql.nodes.visible_nodes`` reads, so its batches take the viewer
    themselves."""

    async def resolve(context: Context, ids: Sequence[int]) -> list[Any]:
        rows = await context.loaders(batch, context.viewer).load_many(list(ids))
        return [None if row is None else build(row) for row in rows]

    return resolve


EXCHANGE_NODES: dict[str, NodeResolver] = {
    "PwResource": _nodes(repository.visible_resources_by_id, PwResource.from_row),
    "PwQuestion": _nodes(repository.visible_questions_by_id, PwQuestion.from_row),
}
"""Node resolvers for ``SchemaPart(nodes=...)``: ``node(id:)`` finds what the lists show."""
