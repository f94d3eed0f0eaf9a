"""Answers checked against the version they answer, every problem reported at once.

Each question type is answered through one field of an answer (text, choice, choices, scale,
yes); the value stored for a question is that field's, so the stored answers read back without
knowing more than the version's questions."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from core.errors import Reason, RuleViolation
from core.i18n import N_, Text, _
from core.kinds import INVALID
from core.programs import SCALE_RANGE, Question, QuestionnaireSpec, QuestionType

UNKNOWN_QUESTION = "CORE-QUESTIONNAIRE-UNKNOWN-QUESTION"
MISSING_REQUIRED = "CORE-QUESTIONNAIRE-REQUIRED"
WRONG_TYPE = "CORE-QUESTIONNAIRE-TYPE"
NOT_OFFERED = "CORE-QUESTIONNAIRE-CHOICE"
FIELD = "answers"

ANSWERED_BY = {
    QuestionType.TEXT: "text",
    QuestionType.SINGLE_CHOICE: "choice",
    QuestionType.MULTIPLE_CHOICE: "choices",
    QuestionType.SCALE: "scale",
    QuestionType.YES_NO: "yes",
}
ANSWERED_WITH = {
    QuestionType.TEXT: N_("{question!r} is answered with text."),
    QuestionType.SINGLE_CHOICE: N_("{question!r} is answered with one of its choices."),
    QuestionType.MULTIPLE_CHOICE: N_("{question!r} is answered with a list of its choices."),
    QuestionType.SCALE: N_("{question!r} is answered with a whole number from {least} to {most}."),
    QuestionType.YES_NO: N_("{question!r} is answered with yes or no."),
}
"""How each type of question is answered, said when an answer does not fit."""


@dataclass(frozen=True)
class Answer:
    """One question's answer as submitted: ``question`` is its key, and exactly the field its
    type is answered by is set."""

    question: str
    text: str | None = None
    choice: str | None = None
    choices: list[str] | None = None
    scale: int | None = None
    yes: bool | None = None


VALUE_FIELDS = tuple(f.name for f in fields(Answer) if f.name != "question")


def _refusal(code: str, message: Text) -> Reason:
    return Reason(code=code, message=message, field=FIELD)


def _value(question: Question, answer: Answer) -> tuple[Any, Reason | None]:
    """The value to store (``None`` when left blank), or why the answer does not fit."""
    wanted = ANSWERED_BY[question.type]
    given = [name for name in VALUE_FIELDS if getattr(answer, name) is not None]
    value = getattr(answer, wanted)
    wrong = _refusal(
        WRONG_TYPE,
        _(
            ANSWERED_WITH[question.type],
            question=question.key,
            least=SCALE_RANGE[0],
            most=SCALE_RANGE[-1],
        ),
    )
    if [name for name in given if name != wanted]:
        return None, wrong
    if question.type == QuestionType.SCALE and value is not None and value not in SCALE_RANGE:
        return None, wrong
    if isinstance(value, str):
        value = value.strip() or None
    if question.type == QuestionType.MULTIPLE_CHOICE and value is not None:
        value = list(dict.fromkeys(value)) or None
    picked = [value] if question.type == QuestionType.SINGLE_CHOICE else value
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE) and picked:
        stray = [choice for choice in picked if choice not in question.choices]
        if stray:
            message = _(
                "{question!r} offers {offered}; not {stray}.",
                question=question.key,
                offered=", ".join(question.choices),
                stray=", ".join(stray),
            )
            return None, _refusal(NOT_OFFERED, message)
    return value, None


def validated(spec: QuestionnaireSpec, answers: list[Answer]) -> dict[str, Any]:
    """The answers to store, by question key; a refusal naming every problem otherwise."""
    questions = {question.key: question for question in spec.questions}
    stored: dict[str, Any] = {}
    reasons: list[Reason] = []
    answered: set[str] = set()
    wrong: set[str] = set()
    for answer in answers:
        question = questions.get(answer.question)
        if question is None:
            message = _(
                "{title} (version {version}) asks no {question!r}.",
                title=spec.title,
                version=spec.version,
                question=answer.question,
            )
            reasons.append(_refusal(UNKNOWN_QUESTION, message))
            continue
        if answer.question in answered:
            reasons.append(
                _refusal(INVALID, _("{question!r} is answered twice.", question=answer.question))
            )
            continue
        answered.add(answer.question)
        value, problem = _value(question, answer)
        if problem is not None:
            reasons.append(problem)
            wrong.add(question.key)
        elif value is not None:
            stored[question.key] = value
    for question in spec.questions:
        if question.required and question.key not in stored and question.key not in wrong:
            message = _("{question!r} must be answered.", question=question.key)
            reasons.append(_refusal(MISSING_REQUIRED, message))
    if reasons:
        raise RuleViolation(reasons)
    return stored
