"""The mutation answering a questionnaire."""

from __future__ import annotations

import dataclasses

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import from_global_id
from core.questionnaires import service as questionnaires
from core.questionnaires.answers import Answer
from core.questionnaires.types import QuestionnaireSubmission


@strawberry.input(description="One answer: set only the field the question's type answers by.")
class AnswerInput:
    question: str = strawberry.field(description="The question's key.")
    text: str | None = None
    choice: str | None = strawberry.field(default=None, description="A single choice.")
    choices: list[str] | None = strawberry.field(default=None, description="Multiple choice.")
    scale: int | None = strawberry.field(default=None, description="A scale, 1 to 5.")
    yes: bool | None = strawberry.field(default=None, description="Yes (true) or no (false).")


@strawberry.input
class SubmitQuestionnaireInput:
    program: str
    key: str
    version: int | None = strawberry.field(
        default=None, description="The version shown; refused if a newer one is asked now."
    )
    subject_id: strawberry.ID = strawberry.field(description="What the answers are about.")
    answers: list[AnswerInput]


@strawberry.type
class SubmitQuestionnairePayload(Payload):
    submission: QuestionnaireSubmission | None = None


@strawberry.type
class QuestionnairesMutation:
    @strawberry.mutation(
        description="Answer a questionnaire about a subject, once; completes the due item it "
        "answers."
    )
    async def submit_questionnaire(
        self, info: Info, input: SubmitQuestionnaireInput
    ) -> SubmitQuestionnairePayload:
        context = info.context
        subject = from_global_id(input.subject_id)
        answers = [Answer(**dataclasses.asdict(a)) for a in input.answers]
        return await mutate(
            info,
            SubmitQuestionnairePayload,
            lambda s: questionnaires.submit(
                s,
                context.registry,
                context.viewer,
                program=input.program,
                key=input.key,
                version=input.version,
                subject=subject,
                answers=answers,
            ),
            lambda row: {"submission": QuestionnaireSubmission.from_row(row)},
        )
