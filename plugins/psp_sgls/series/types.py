"""GraphQL types of series and topics."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow


@strawberry.type(description="A topic proposed at community level (SGLS-SERIES).")
class PspTopic(FromRow):
    id: strawberry.ID
    title: str
    description: str
    organization_id: strawberry.ID
    series_id: strawberry.ID | None

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "organization_id": lambda row: to_global_id("Organization", row.organization_id),
        "series_id": lambda row: (
            to_global_id("PspSeries", row.series_id) if row.series_id else None
        ),
    }


@strawberry.type(description="A themed series GPSC offers every division (SGLS-SERIES).")
class PspSeries(FromRow):
    id: strawberry.ID
    title: str
    theme: str
    content: str
    organization_id: strawberry.ID
    rate: Decimal | None = strawberry.field(
        description="Credits per hour once certified; null while awaiting certification."
    )
    awaiting_certification: bool
    version: int = strawberry.field(
        description="Raised by every change; send it with pspAdaptSeries to refuse a stale edit."
    )

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "organization_id": lambda row: to_global_id("Organization", row.organization_id),
        "awaiting_certification": lambda row: row.rate is None,
    }
