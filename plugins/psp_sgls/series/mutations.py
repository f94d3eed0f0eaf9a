"""Mutations of series and topics: the provincial office's staff, and proposing people."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from core.credits.types import CreditEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate, version_input
from core.graphql.relay import decoded, node_id
from plugins.psp_sgls.series import service
from plugins.psp_sgls.series.types import PspSeries, PspTopic
from plugins.psp_sgls.sessions import service as sessions


@strawberry.input
class PspCreateSeriesInput:
    organization_id: strawberry.ID = node_id("Organization")
    title: str
    theme: str = ""
    content: str = ""


@strawberry.input
class PspAdaptSeriesInput:
    series_id: strawberry.ID = node_id("PspSeries")
    theme: str
    content: str
    version: int | None = version_input()


@strawberry.input
class PspCertifySeriesInput:
    series_id: strawberry.ID = node_id("PspSeries")
    rate: Decimal | None = strawberry.field(
        default=None, description="Credits per hour; the credit_rate setting when left out."
    )


@strawberry.type
class PspSeriesPayload(Payload):
    series: PspSeries | None = None
    credits_awarded: list[CreditEntry] = strawberry.field(default_factory=list)


@strawberry.input
class PspProposeTopicInput:
    organization_id: strawberry.ID = node_id("Organization")
    title: str
    description: str = ""


@strawberry.input
class PspSelectTopicInput:
    topic_id: strawberry.ID = node_id("PspTopic")
    series_id: strawberry.ID = node_id("PspSeries")


@strawberry.type
class PspTopicPayload(Payload):
    topic: PspTopic | None = None


def _series(row: Any) -> dict[str, Any]:
    return {"series": PspSeries.from_row(row)}


@strawberry.type
class SeriesMutation:
    @strawberry.mutation(description="Theme a series for every division: provincial staff.")
    async def psp_create_series(self, info: Info, input: PspCreateSeriesInput) -> PspSeriesPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info, PspSeriesPayload, lambda s: service.create_series(s, viewer, **values), _series
        )

    @strawberry.mutation(description="Adapt a series' theme and content: provincial staff.")
    async def psp_adapt_series(self, info: Info, input: PspAdaptSeriesInput) -> PspSeriesPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info, PspSeriesPayload, lambda s: service.adapt_series(s, viewer, **values), _series
        )

    @strawberry.mutation(
        description="The certification arrived: certify every session of the series and "
        "credit retroactively what physicians attended (SGLS-CREDIT)."
    )
    async def psp_certify_series(
        self, info: Info, input: PspCertifySeriesInput
    ) -> PspSeriesPayload:
        values, viewer, registry = decoded(input), info.context.viewer, info.context.registry
        return await mutate(
            info,
            PspSeriesPayload,
            lambda s: sessions.certify_series(s, registry, viewer, **values),
            lambda done: {
                "series": PspSeries.from_row(done[0]),
                "credits_awarded": [CreditEntry.from_row(e) for e in done[1]],
            },
        )

    @strawberry.mutation(description="Propose a topic for a division (SGLS-SERIES).")
    async def psp_propose_topic(self, info: Info, input: PspProposeTopicInput) -> PspTopicPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            PspTopicPayload,
            lambda s: service.propose_topic(s, viewer, **values),
            lambda t: {"topic": PspTopic.from_row(t)},
        )

    @strawberry.mutation(description="Select a proposed topic into a series: provincial staff.")
    async def psp_select_topic(self, info: Info, input: PspSelectTopicInput) -> PspTopicPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            PspTopicPayload,
            lambda s: service.select_topic(s, viewer, **values),
            lambda t: {"topic": PspTopic.from_row(t)},
        )
