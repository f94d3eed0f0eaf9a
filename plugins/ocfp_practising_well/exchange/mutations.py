"""Mutations of the Information Exchange and program feedback: each decodes its input, calls
one service and maps what it wrote; the rules, PW-NOT-CLINICAL among them, are the service's."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from plugins.ocfp_practising_well.accounts.types import PwTopic
from plugins.ocfp_practising_well.exchange import service
from plugins.ocfp_practising_well.exchange.types import (
    PwFeedback,
    PwFeedbackComponent,
    PwQuestion,
    PwResource,
)


@strawberry.input
class PwAddResourceInput:
    organization_id: strawberry.ID = node_id("Organization")
    title: str
    topic: PwTopic
    summary: str
    url: str = strawberry.field(description="An http(s) address.")


@strawberry.type
class PwAddResourcePayload(Payload):
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
class PwAskQuestionPayload(Payload):
    question: PwQuestion | None = None


@strawberry.input
class PwAnswerQuestionInput:
    question_id: strawberry.ID = node_id("PwQuestion")
    answer: str


@strawberry.type
class PwAnswerQuestionPayload(Payload):
    question: PwQuestion | None = None


@strawberry.input
class PwSubmitFeedbackInput:
    component: PwFeedbackComponent
    rating: int = strawberry.field(description="From 1 (poor) to 5 (excellent).")
    comments: str | None = None


@strawberry.type
class PwSubmitFeedbackPayload(Payload):
    feedback: PwFeedback | None = None


@strawberry.type
class ExchangeMutation:
    @strawberry.mutation(description="Program staff add a resource to the Information Exchange.")
    async def pw_add_resource(self, info: Info, input: PwAddResourceInput) -> PwAddResourcePayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            PwAddResourcePayload,
            lambda s: service.add_resource(s, viewer, **values),
            lambda row: {"resource": PwResource.from_row(row)},
        )

    @strawberry.mutation(
        description="An approved learner asks a resource-navigation question (PW-NOT-CLINICAL)."
    )
    async def pw_ask_question(self, info: Info, input: PwAskQuestionInput) -> PwAskQuestionPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            PwAskQuestionPayload,
            lambda s: service.ask_question(s, viewer, **values),
            lambda row: {"question": PwQuestion.from_row(row)},
        )

    @strawberry.mutation(
        description="A guide or program staff of the learner's organization answers a question."
    )
    async def pw_answer_question(
        self, info: Info, input: PwAnswerQuestionInput
    ) -> PwAnswerQuestionPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            PwAnswerQuestionPayload,
            lambda s: service.answer_question(s, viewer, **values),
            lambda row: {"question": PwQuestion.from_row(row)},
        )

    @strawberry.mutation(description="An approved learner rates a part of the program (1-5).")
    async def pw_submit_feedback(
        self, info: Info, input: PwSubmitFeedbackInput
    ) -> PwSubmitFeedbackPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            PwSubmitFeedbackPayload,
            lambda s: service.submit_feedback(s, viewer, **values),
            lambda row: {"feedback": PwFeedback.from_row(row)},
        )
