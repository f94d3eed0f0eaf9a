"""Answers checked against the version they answer, every problem reported at once.

Each question type is answered through one field of an answer (text, choice, choices, scale,
yes); the value stored for a question is that field's, so the stored answers read back without
knowing more than the version's questions."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from core.errors import Reason, RuleViolation
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
WORDS = {
    QuestionType.TEXT: "text",
    QuestionType.SINGLE_CHOICE: "one of its choices",
    QuestionType.MULTIPLE_CHOICE: "a list of its choices",
    QuestionType.SCALE: f"a whole number from {SCALE_RANGE[0]} to {SCALE_RANGE[-1]}",
    QuestionType.YES_NO: "yes or no",
}


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


def _refusal(code: str, message: str) -> Reason:
    return Reason(code=code, message=message, field=FIELD)


def _value(question: Question, answer: Answer) -> tuple[Any, Reason | None]:
    """The value to store (``None`` when left blank), or why the answer does not fit."""
    wanted = ANSWERED_BY[question.type]
    given = [name for name in VALUE_FIELDS if getattr(answer, name) is not None]
    value = getattr(answer, wanted)
    wrong = _refusal(WRONG_TYPE, f"{question.key!r} is answered with {WORDS[question.type]}.")
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
            offered = ", ".join(question.choices)
            message = f"{question.key!r} offers {offered}; not {', '.join(stray)}."
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
            message = f"{spec.title} (version {spec.version}) asks no {answer.question!r}."
            reasons.append(_refusal(UNKNOWN_QUESTION, message))
            continue
        if answer.question in answered:
            reasons.append(_refusal(INVALID, f"{answer.question!r} is answered twice."))
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
            reasons.append(_refusal(MISSING_REQUIRED, f"{question.key!r} must be answered."))
    if reasons:
        raise RuleViolation(reasons)
    return stored
