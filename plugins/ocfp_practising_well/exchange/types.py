"""GraphQL types of the Information Exchange and program feedback, built from rows.

People and organizations are named by global ID only, never resolved: a page of resources or
questions then costs one query however long it is."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow
from plugins.ocfp_practising_well.accounts.types import PwTopic
from plugins.ocfp_practising_well.exchange import service
from plugins.ocfp_practising_well.exchange.models import FeedbackComponent
from plugins.ocfp_practising_well.exchange.service import QuestionStatus

PwFeedbackComponent = FeedbackComponent
strawberry.enum(
    PwFeedbackComponent,
    name="PwFeedbackComponent",
    description="The part of Practising Well a piece of feedback is about.",
)
PwQuestionStatus = QuestionStatus
strawberry.enum(
    PwQuestionStatus, name="PwQuestionStatus", description="Whether a question has an answer yet."
)


def _organization_id(row: Any) -> strawberry.ID:
    return to_global_id("Organization", row.organization_id)


@strawberry.type(description="A resource of an organization's Information Exchange repository.")
class PwResource(Node, FromRow):
    title: str
    topic: PwTopic
    summary: str
    url: str
    organization_id: strawberry.ID
    created_at: datetime

    COMPUTED: ClassVar[Mapping[str, Any]] = {"organization_id": _organization_id}


@strawberry.type(
    description="A resource-navigation question and its answer. Never about a specific "
    "patient (PW-NOT-CLINICAL)."
)
class PwQuestion(Node, FromRow):
    topic: PwTopic
    question: str
    answer: str | None
    status: PwQuestionStatus
    asker_id: strawberry.ID = strawberry.field(description="The learner who asked (a Person).")
    answered_by_id: strawberry.ID | None = strawberry.field(
        description="The guide or staff member who answered (a Person)."
    )
    organization_id: strawberry.ID
    created_at: datetime
    answered_at: datetime | None

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "status": service.question_status,
        "asker_id": lambda row: to_global_id("Person", row.asker_id),
        "answered_by_id": lambda row: (
            None if row.answered_by_id is None else to_global_id("Person", row.answered_by_id)
        ),
        "organization_id": _organization_id,
    }


@strawberry.type(description="Feedback a learner gave on a part of the program (their own).")
class PwFeedback(FromRow):
    component: PwFeedbackComponent
    rating: int
    comments: str
    created_at: datetime


@strawberry.type(description="Feedback on one part of the program, without who gave it.")
class PwFeedbackComponentSummary(FromRow):
    component: PwFeedbackComponent
    count: int = strawberry.field(description="How many ratings were given.")
    average_rating: Decimal | None = strawberry.field(
        description="The average rating (1-5) to two decimal places; null without ratings."
    )
    comments: list[str] = strawberry.field(description="The comments given, oldest first.")


@strawberry.type(description="An organization's program feedback, per component.")
class PwFeedbackSummary:
    organization_id: strawberry.ID
    components: list[PwFeedbackComponentSummary]
