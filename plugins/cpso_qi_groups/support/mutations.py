"""Mutations of support requests."""

from __future__ import annotations

from typing import Any

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decoded, node_id
from plugins.cpso_qi_groups.support import service
from plugins.cpso_qi_groups.support.types import QigAdvisor, QigSupportRequest


@strawberry.input
class QigRequestSupportInput:
    group_id: strawberry.ID = node_id("Group")
    advisor: QigAdvisor
    question: str


@strawberry.input
class QigAnswerSupportInput:
    request_id: strawberry.ID = node_id("QigSupportRequest")
    answer: str


@strawberry.type
class QigSupportPayload(Payload):
    request: QigSupportRequest | None = None


def _request(row: Any) -> dict[str, Any]:
    return {"request": QigSupportRequest.from_row(row)}


@strawberry.type
class SupportMutation:
    @strawberry.mutation(
        description="Ask a CPSO Medical Advisor or QI Coach for the group (QIG-SUPPORT).",
        extensions=requires(SignedIn()),
    )
    async def qig_request_support(
        self, info: Info, input: QigRequestSupportInput
    ) -> QigSupportPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            QigSupportPayload,
            lambda s: service.request_support(s, viewer, **values),
            _request,
        )

    @strawberry.mutation(
        description="Answer a group's request, once: CPSO staff (QIG-SUPPORT).",
        extensions=requires(SignedIn()),
    )
    async def qig_answer_support(
        self, info: Info, input: QigAnswerSupportInput
    ) -> QigSupportPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            QigSupportPayload,
            lambda s: service.answer_support(s, viewer, **values),
            _request,
        )
