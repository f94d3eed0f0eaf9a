"""Mutations of individual activities."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decoded, node_id
from plugins.cpso_qi_groups.activities import service
from plugins.cpso_qi_groups.activities.types import QigActivity, QigActivityRecord


@strawberry.input
class QigRecordActivityInput:
    group_id: strawberry.ID = node_id("Group")
    activity: QigActivity
    completed_on: date
    minutes_spent: int
    answers: str = ""


@strawberry.type
class QigActivityRecordsPayload(Payload):
    records: list[QigActivityRecord] = strawberry.field(default_factory=list)


def _records(rows: Any) -> dict[str, Any]:
    return {"records": [QigActivityRecord.from_row(r) for r in rows]}


@strawberry.type
class ActivitiesMutation:
    @strawberry.mutation(
        description="Record one of your four individual activities as completed, once "
        "(QIG-INDIVIDUAL).",
        extensions=requires(SignedIn()),
    )
    async def qig_record_activity(
        self, info: Info, input: QigRecordActivityInput
    ) -> QigActivityRecordsPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            QigActivityRecordsPayload,
            lambda s: service.record_activity(s, viewer, **values),
            _records,
        )
