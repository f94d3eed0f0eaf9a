"""GraphQL types of questionnaires: a version with its questions, and a person's answers.

A submission reads with the version it answered (stored with it), never with the program's
newest declaration, so old answers keep their own questions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import strawberry

from core.graphql.context import Context, Info
from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow
from core.programs import Question as QuestionSpec
from core.programs import QuestionnaireSpec, QuestionType
from core.questionnaires import repository
from core.questionnaires.answers import ANSWERED_BY
from core.questionnaires.models import QuestionnaireVersion
from core.questionnaires.service import spec_of
from core.repository import by_id

strawberry.enum(QuestionType, description="How a question is answered.")
Say = Callable[[str], str]


def _say(info: Info, program: str) -> Say:
    return lambda declared: info.context.registry.say(program, declared)


@strawberry.type(description="One question; choices are offered by choice questions only.")
class Question:
    key: str
    prompt: str
    type: QuestionType
    required: bool
    choices: list[str]

    @classmethod
    def of(cls, question: QuestionSpec, say: Say) -> Question:
        return cls(
            key=question.key,
            prompt=say(question.prompt),
            type=question.type,
            required=question.required,
            choices=list(question.choices),
        )


@strawberry.type(description="A version of a program's questionnaire with its questions.")
class Questionnaire:
    program: str
    key: str
    version: int = strawberry.field(description="Changing the questions makes a new version.")
    title: str
    due_item_kind: str | None = strawberry.field(
        description="The kind of due item that answering it completes."
    )
    questions: list[Question]

    @classmethod
    def of(cls, program: str, spec: QuestionnaireSpec, info: Info) -> Questionnaire:
        """The version's words in the reader's language (the program's catalog): a person
        answers the questions they can read."""
        say = _say(info, program)
        return cls(
            program=program,
            key=spec.key,
            version=spec.version,
            title=say(spec.title),
            due_item_kind=spec.due_item_kind,
            questions=[Question.of(q, say) for q in spec.questions],
        )


@strawberry.type(description="A question and its answer, in the field its type answers by.")
class QuestionnaireAnswer:
    question: Question
    text: str | None = None
    choice: str | None = None
    choices: list[str] | None = None
    scale: int | None = None
    yes: bool | None = None


@strawberry.type(description="A person's answers to a questionnaire about one subject.")
class QuestionnaireSubmission(Node, FromRow):
    COMPUTED = {
        "person_id": lambda row: to_global_id("Person", row.person_id),
        "subject_id": lambda row: to_global_id(row.subject_type, row.subject_id),
        "answers_stored": lambda row: row.answers,
    }

    program: str
    key: str
    person_id: strawberry.ID
    subject_id: strawberry.ID = strawberry.field(description="What the answers are about.")
    submitted_at: datetime
    questionnaire_id: strawberry.Private[int]
    answers_stored: strawberry.Private[dict[str, Any]]

    async def _version(self, info: Info) -> QuestionnaireSpec:
        row = await info.context.loaders(by_id, QuestionnaireVersion).load(self.questionnaire_id)
        return spec_of(row)

    @strawberry.field(description="The version answered, with the questions as they were.")
    async def questionnaire(self, info: Info) -> Questionnaire:
        return Questionnaire.of(self.program, await self._version(info), info)

    @strawberry.field(description="Every question of the version answered, in its order.")
    async def answers(self, info: Info) -> list[QuestionnaireAnswer]:
        spec, say = await self._version(info), _say(info, self.program)
        return [
            QuestionnaireAnswer(
                question=Question.of(q, say),
                **{ANSWERED_BY[q.type]: self.answers_stored.get(q.key)},
            )
            for q in spec.questions
        ]


async def submission_nodes(
    context: Context, ids: Sequence[int]
) -> list[QuestionnaireSubmission | None]:
    """``node(id:)`` for submissions: their person's and the program staff's over them."""
    loader = context.loaders(repository.visible_submissions_by_id, context.viewer)
    rows = await loader.load_many(list(ids))
    return [None if row is None else QuestionnaireSubmission.from_row(row) for row in rows]
