"""Whether a program's declared questionnaires are well formed: what the contract kit checks
(``ProgramContract``), so a program learns of a malformed questionnaire from its own tests
rather than from a person who cannot answer it."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable

from core.programs import CHOICE_TYPES, QuestionnaireSpec


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def _spec_problems(
    program: str, spec: QuestionnaireSpec, due_item_kinds: Iterable[str]
) -> list[str]:
    name = f"{program} questionnaire {spec.key!r} version {spec.version}"
    problems = []
    if not spec.title.strip():
        problems.append(f"{name} has no title")
    if not spec.questions:
        problems.append(f"{name} asks no questions")
    for key in _duplicates(q.key for q in spec.questions):
        problems.append(f"{name} asks {key!r} more than once")
    for question in spec.questions:
        which = f"{name}, question {question.key!r}"
        if not question.key.strip() or not question.prompt.strip():
            problems.append(f"{which} needs a key and a prompt")
        if question.type in CHOICE_TYPES and not question.choices:
            problems.append(f"{which} is a choice question without choices")
        if question.type not in CHOICE_TYPES and question.choices:
            problems.append(f"{which} offers choices its type does not use")
        for choice in _duplicates(question.choices):
            problems.append(f"{which} offers {choice!r} more than once")
    if spec.due_item_kind is not None and spec.due_item_kind not in set(due_item_kinds):
        problems.append(f"{name} completes {spec.due_item_kind!r}, not a due item kind of it")
    return problems


def declaration_problems(
    program: str, specs: Iterable[QuestionnaireSpec], due_item_kinds: Iterable[str]
) -> list[str]:
    """Every problem with a program's questionnaires: keys and choices unique, choices present
    exactly for choice questions, each key's versions declared in increasing order from 1, and
    the due item kind completed one of the program's own."""
    kinds = list(due_item_kinds)
    problems: list[str] = []
    versions: dict[str, list[int]] = {}
    for spec in specs:
        versions.setdefault(spec.key, []).append(spec.version)
        problems += _spec_problems(program, spec, kinds)
    for key, numbers in versions.items():
        if numbers[0] < 1 or any(b <= a for a, b in itertools.pairwise(numbers)):
            problems.append(
                f"{program} questionnaire {key!r}: versions must increase from 1, not {numbers}"
            )
    return problems
