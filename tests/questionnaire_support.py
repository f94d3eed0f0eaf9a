"""Documents and helpers for the questionnaire tests and their authorization matrix rows.

The example program's "reflection" questionnaire asks one question of each type; ``ANSWERS``
answers it well, and each test changes what it is about."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx

from core import hookimpl
from core.app import create_app
from core.db import Database
from core.graphql.relay import from_global_id
from core.plugin_host import load_registry
from core.programs import ProgramInfo, Question, QuestionnaireSpec, QuestionType
from core.settings import Settings
from core.tokens import mint_token
from tests.graphql_client import GraphQLClient

HOUR = timedelta(hours=1)

PROGRAM = "example"
KEY = "reflection"
REFLECTION = "example.reflection"

QUESTION_FIELDS = "key prompt type required choices"
SUBMISSION_FIELDS = """
id program key personId subjectId submittedAt
questionnaire { version questions { key } }
answers { question { key type } text choice choices scale yes }
"""

QUESTIONNAIRE = f"""
query($program: String!, $key: String!, $version: Int) {{
  questionnaire(program: $program, key: $key, version: $version) {{
    program key version title dueItemKind questions {{ {QUESTION_FIELDS} }}
  }}
}}"""

SUBMIT = f"""
mutation($input: SubmitQuestionnaireInput!) {{
  submitQuestionnaire(input: $input) {{
    submission {{ {SUBMISSION_FIELDS} }} errors {{ code field message }}
  }}
}}"""

MY_SUBMISSIONS = f"""
query($program: String) {{
  myQuestionnaireSubmissions(program: $program) {{ nodes {{ {SUBMISSION_FIELDS} }} }}
}}"""

ANSWERS_ABOUT = f"""
query($program: String!, $key: String!, $subject: ID!) {{
  questionnaireAnswers(program: $program, key: $key, subjectId: $subject) {{
    nodes {{ {SUBMISSION_FIELDS} }}
  }}
}}"""

ANSWERS: list[dict[str, Any]] = [
    {"question": "learned", "text": "Book follow-ups before the patient leaves."},
    {"question": "format", "choice": "Online"},
    {"question": "topics", "choices": ["Billing", "Wellness"]},
    {"question": "useful", "scale": 4},
    {"question": "recommend", "yes": True},
]


def answers_with(question: str, **answer: Any) -> list[dict[str, Any]]:
    """``ANSWERS`` with one question answered otherwise (left out when ``answer`` is empty)."""
    others = [a for a in ANSWERS if a["question"] != question]
    return others + ([{"question": question, **answer}] if answer else [])


def submission_input(subject: str, answers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "program": PROGRAM,
        "key": KEY,
        "subjectId": subject,
        "answers": ANSWERS if answers is None else answers,
    }


async def submit(
    client: GraphQLClient, subject: str, answers: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    """The payload of submitting the reflection about ``subject``, errors and all."""
    return await client.payload(SUBMIT, **submission_input(subject, answers), **extra)


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["errors"]]


# A program of the tests' own, declared afresh by each test, so that it can change its
# questionnaire between two deployments (two apps on the suite's one database).
SURVEY = "qsurvey"


class SurveyProgram:
    """A program declaring only questionnaires, as one deployment of it would."""

    def __init__(self, *specs: QuestionnaireSpec) -> None:
        self.specs = list(specs)

    @hookimpl
    def program_info(self) -> ProgramInfo:
        return ProgramInfo(SURVEY, "Survey program", "any", "1.0.0", "qs")

    @hookimpl
    def register_questionnaires(self) -> list[QuestionnaireSpec]:
        return self.specs


def survey(key: str, version: int, *questions: str) -> QuestionnaireSpec:
    """A version asking one scale question per key."""
    return QuestionnaireSpec(
        key, version, f"Survey {key}", tuple(Question(q, q, QuestionType.SCALE) for q in questions)
    )


@asynccontextmanager
async def deployed(
    settings: Settings, database: Database, *specs: QuestionnaireSpec
) -> AsyncIterator[Callable[[str], GraphQLClient]]:
    """Clients (by person ID) of the app as deployed with the survey program declaring
    ``specs``, on the suite's database."""
    enabled = settings.replace(programs=(*(settings.programs or ()), SURVEY))
    registry = load_registry(enabled, {SURVEY: SurveyProgram(*specs)})
    app = create_app(enabled, registry=registry, database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://peerlearn.test") as http:

        def client(person: str) -> GraphQLClient:
            token = mint_token(settings.token_secret or "", from_global_id(person)[1], HOUR)
            return GraphQLClient(http, {"Authorization": f"Bearer {token}"})

        yield client


async def answer_survey(
    client: GraphQLClient, key: str, subject: str, **scales: int
) -> dict[str, Any]:
    answers = [{"question": q, "scale": v} for q, v in scales.items()]
    return await client.payload(SUBMIT, program=SURVEY, key=key, subjectId=subject, answers=answers)
