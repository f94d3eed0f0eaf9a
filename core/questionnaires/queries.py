"""Root fields reading questionnaires: one to answer, the viewer's answers, a subject's."""

from __future__ import annotations

import strawberry

from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import from_global_id
from core.questionnaires import repository
from core.questionnaires import service as questionnaires
from core.questionnaires.types import Questionnaire, QuestionnaireSubmission


@strawberry.type
class QuestionnairesQuery:
    @strawberry.field(
        description="A program's questionnaire with its questions: the version answered now, "
        "or an earlier one still declared.",
        extensions=requires(SignedIn()),
    )
    def questionnaire(
        self, info: Info, program: str, key: str, version: int | None = None
    ) -> Questionnaire:
        spec = questionnaires.require_questionnaire(info.context.registry, program, key, version)
        return Questionnaire.of(program, spec, info)

    @connection(
        QuestionnaireSubmission,
        description="The viewer's own answers, optionally to one program's questionnaires, in "
        "the order they were given.",
        extensions=requires(SignedIn()),
    )
    async def my_questionnaire_submissions(
        self, info: Info, program: str | None = None
    ) -> Rows[QuestionnaireSubmission]:
        statement = repository.submissions_of(info.context.viewer, program)
        return Rows(statement, QuestionnaireSubmission.from_row)

    @connection(
        QuestionnaireSubmission,
        description="Answers to a questionnaire about one subject (an activity, a survey "
        "period): the program's staff see their people's; anyone else only their own.",
        extensions=requires(SignedIn()),
    )
    async def questionnaire_answers(
        self,
        info: Info,
        program: str,
        key: str,
        subject_id: strawberry.ID,
    ) -> Rows[QuestionnaireSubmission]:
        subject = from_global_id(subject_id)
        statement = repository.submissions_about(info.context.viewer, program, key, subject)
        return Rows(statement, QuestionnaireSubmission.from_row)
