"""Information Exchange and feedback API: ``pw``-prefixed fields, ``Pw``-prefixed types.

Resolvers are thin: rules and permissions live in :mod:`.services`. Every object is built once
from its row (``from_row``) with plain attributes, so a page costs one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.graphql.context import Context, Info
from core.graphql.errors import UserError, mutate
from core.graphql.relay import Connection, Node, decode_id, page, to_global_id
from core.programs import NodeResolver
from plugins.ocfp_practising_well.exchange import services
from plugins.ocfp_practising_well.exchange.models import (
    Feedback,
    FeedbackComponent,
    Question,
    Resource,
)
from plugins.ocfp_practising_well.exchange.services import QuestionStatus
from plugins.ocfp_practising_well.types import PwTopic

PAGE = 20

PwFeedbackComponent = strawberry.enum(
    FeedbackComponent,
    name="PwFeedbackComponent",
    description="The part of Practising Well a piece of feedback is about.",
)
PwQuestionStatus = strawberry.enum(
    QuestionStatus, name="PwQuestionStatus", description="Whether a question has an answer yet."
)


def _global(type_name: str, pk: int | None) -> strawberry.ID | None:
    return None if pk is None else to_global_id(type_name, pk)


@strawberry.type(description="A resource of an organization's Information Exchange repository.")
class PwResource(Node):
    title: str
    topic: PwTopic
    summary: str
    url: str
    organization_id: strawberry.ID
    created_at: datetime

    @classmethod
    def from_row(cls, row: Resource) -> PwResource:
        return cls(
            id=to_global_id("PwResource", row.id),
            title=row.title,
            topic=row.topic,
            summary=row.summary,
            url=row.url,
            organization_id=to_global_id("Organization", row.organization_id),
            created_at=row.created_at,
        )


@strawberry.type(
    description="A resource-navigation question and its answer. Never about a specific "
    "patient (PW-NOT-CLINICAL)."
)
class PwQuestion(Node):
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

    @classmethod
    def from_row(cls, row: Question) -> PwQuestion:
        return cls(
            id=to_global_id("PwQuestion", row.id),
            topic=row.topic,
            question=row.question,
            answer=row.answer,
            status=services.question_status(row),
            asker_id=to_global_id("Person", row.asker_id),
            answered_by_id=_global("Person", row.answered_by_id),
            organization_id=to_global_id("Organization", row.organization_id),
            created_at=row.created_at,
            answered_at=row.answered_at,
        )


@strawberry.type(description="Feedback a learner gave on a part of the program (their own).")
class PwFeedback:
    component: PwFeedbackComponent
    rating: int
    comments: str
    created_at: datetime

    @classmethod
    def from_row(cls, row: Feedback) -> PwFeedback:
        return cls(
            component=row.component,
            rating=row.rating,
            comments=row.comments,
            created_at=row.created_at,
        )


@strawberry.type(description="Feedback on one part of the program, without who gave it.")
class PwFeedbackComponentSummary:
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


@strawberry.type
class ExchangeQuery:
    @strawberry.field(
        description="Information Exchange resources the viewer may search (their "
        "organization's, as an approved learner, guide or program staff), optionally matching "
        "every word of `search` in the title or summary, any case, and one topic."
    )
    async def pw_resources(
        self,
        info: Info,
        first: int = PAGE,
        after: str | None = None,
        search: str | None = None,
        topic: PwTopic | None = None,
        organization_id: strawberry.ID | None = None,
    ) -> Connection[PwResource]:
        statement = services.search_resources(
            info.context.viewer,
            organization_id=(
                decode_id(organization_id, "Organization") if organization_id else None
            ),
            search=search,
            topic=topic,
        )
        return await page(info, statement, first=first, after=after, build=PwResource.from_row)

    @strawberry.field(
        description="Resource-navigation questions: a learner's own; every question of their "
        "organization to guides and program staff (OPEN ones are waiting for an answer)."
    )
    async def pw_questions(
        self,
        info: Info,
        status: PwQuestionStatus | None = None,
        first: int = PAGE,
        after: str | None = None,
        topic: PwTopic | None = None,
        organization_id: strawberry.ID | None = None,
    ) -> Connection[PwQuestion]:
        statement = services.list_questions(
            info.context.viewer,
            status=status,
            organization_id=(
                decode_id(organization_id, "Organization") if organization_id else None
            ),
            topic=topic,
        )
        return await page(info, statement, first=first, after=after, build=PwQuestion.from_row)

    @strawberry.field(
        description="Program staff: ratings and comments per component, never who gave them."
    )
    async def pw_feedback_summary(
        self, info: Info, organization_id: strawberry.ID
    ) -> PwFeedbackSummary:
        pk = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            rows = await services.feedback_summary(session, info.context.viewer, pk)
        return PwFeedbackSummary(
            organization_id=organization_id,
            components=[
                PwFeedbackComponentSummary(
                    component=r.component,
                    count=r.count,
                    average_rating=r.average_rating,
                    comments=r.comments,
                )
                for r in rows
            ],
        )


@strawberry.input
class PwAddResourceInput:
    organization_id: strawberry.ID
    title: str
    topic: PwTopic
    summary: str
    url: str = strawberry.field(description="An http(s) address.")


@strawberry.type
class PwAddResourcePayload:
    errors: list[UserError]
    resource: PwResource | None = None


@strawberry.input
class PwAskQuestionInput:
    topic: PwTopic
    question: str = strawberry.field(
        description="About resources or approaches in general: never a patient's name, health "
        "card number or date of birth (PW-NOT-CLINICAL)."
    )
    acknowledge_not_clinical: bool = strawberry.field(
        default=False,
        description="Must be true: Practising Well is not clinical consultation for specific "
        "patients (PW-NOT-CLINICAL).",
    )


@strawberry.type
class PwAskQuestionPayload:
    errors: list[UserError]
    question: PwQuestion | None = None


@strawberry.input
class PwAnswerQuestionInput:
    question_id: strawberry.ID
    answer: str


@strawberry.type
class PwAnswerQuestionPayload:
    errors: list[UserError]
    question: PwQuestion | None = None


@strawberry.input
class PwSubmitFeedbackInput:
    component: PwFeedbackComponent
    rating: int = strawberry.field(description="From 1 (poor) to 5 (excellent).")
    comments: str | None = None


@strawberry.type
class PwSubmitFeedbackPayload:
    errors: list[UserError]
    feedback: PwFeedback | None = None


@strawberry.type
class ExchangeMutation:
    @strawberry.mutation(description="Program staff add a resource to the Information Exchange.")
    async def pw_add_resource(self, info: Info, input: PwAddResourceInput) -> PwAddResourcePayload:
        organization_id = decode_id(input.organization_id, "Organization")

        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await services.add_resource(
                session,
                info.context.viewer,
                organization_id=organization_id,
                title=input.title,
                topic=input.topic,
                summary=input.summary,
                url=input.url,
            )
            return {"resource": PwResource.from_row(row)}

        return await mutate(info, PwAddResourcePayload, work)

    @strawberry.mutation(
        description="An approved learner asks a resource-navigation question (PW-NOT-CLINICAL)."
    )
    async def pw_ask_question(self, info: Info, input: PwAskQuestionInput) -> PwAskQuestionPayload:
        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await services.ask_question(
                session,
                info.context.viewer,
                topic=input.topic,
                question=input.question,
                acknowledge_not_clinical=input.acknowledge_not_clinical,
            )
            return {"question": PwQuestion.from_row(row)}

        return await mutate(info, PwAskQuestionPayload, work)

    @strawberry.mutation(
        description="A guide or program staff of the learner's organization answers a question."
    )
    async def pw_answer_question(
        self, info: Info, input: PwAnswerQuestionInput
    ) -> PwAnswerQuestionPayload:
        question_id = decode_id(input.question_id, "PwQuestion")

        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await services.answer_question(
                session, info.context.viewer, question_id=question_id, answer=input.answer
            )
            return {"question": PwQuestion.from_row(row)}

        return await mutate(info, PwAnswerQuestionPayload, work)

    @strawberry.mutation(description="An approved learner rates a part of the program (1-5).")
    async def pw_submit_feedback(
        self, info: Info, input: PwSubmitFeedbackInput
    ) -> PwSubmitFeedbackPayload:
        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await services.submit_feedback(
                session,
                info.context.viewer,
                component=input.component,
                rating=input.rating,
                comments=input.comments,
            )
            return {"feedback": PwFeedback.from_row(row)}

        return await mutate(info, PwSubmitFeedbackPayload, work)


# --- node(id:) ----------------------------------------------------------------------------


async def _visible_rows(
    session: AsyncSession, ids: Sequence[int], model: Any, viewer: Viewer
) -> list[Any]:
    condition = (
        services.resources_visible(viewer)
        if model is Resource
        else services.questions_visible(viewer)
    )
    rows = (await session.scalars(select(model).where(model.id.in_(ids), condition))).all()
    found = {row.id: row for row in rows}
    return [found.get(pk) for pk in ids]


def _nodes(model: Any, build: Any) -> NodeResolver:
    async def resolve(context: Context, ids: Sequence[int]) -> list[Any]:
        rows = await context.loaders(_visible_rows, model, context.viewer).load_many(list(ids))
        return [None if row is None else build(row) for row in rows]

    return resolve


EXCHANGE_NODES: dict[str, NodeResolver] = {
    "PwResource": _nodes(Resource, PwResource.from_row),
    "PwQuestion": _nodes(Question, PwQuestion.from_row),
}
"""Node resolvers for ``SchemaPart(nodes=...)``: ``node(id:)`` finds what the lists show."""
