"""The contract kit's check of declared questionnaires (``declaration_problems``): every way
a declaration can be malformed is named, and the example program's is well formed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.programs import Question, QuestionnaireSpec, QuestionType
from core.questionnaires.declarations import declaration_problems

KINDS = ["demo.reflection"]
SCALE = Question("useful", "How useful?", QuestionType.SCALE)
PICK = Question("format", "Which format?", QuestionType.SINGLE_CHOICE, choices=("A", "B"))
GOOD = QuestionnaireSpec("reflection", 1, "Reflection", (SCALE, PICK), "demo.reflection")


def asking(*questions: Question) -> QuestionnaireSpec:
    return replace(GOOD, questions=questions)


def _problems(*specs: QuestionnaireSpec) -> list[str]:
    return declaration_problems("demo", specs, KINDS)


def test_well_formed_questionnaires_have_no_problems() -> None:
    assert _problems(GOOD, replace(GOOD, version=2), replace(GOOD, key="other")) == []


@pytest.mark.parametrize(
    ("specs", "problem"),
    [
        ((asking(SCALE, SCALE),), "asks 'useful' more than once"),
        ((asking(replace(PICK, choices=())),), "without choices"),
        ((asking(replace(SCALE, choices=("x",))),), "does not use"),
        ((asking(replace(PICK, choices=("A", "A"))),), "'A' more than once"),
        ((GOOD, replace(GOOD, version=1)), "versions must increase from 1, not [1, 1]"),
        ((replace(GOOD, version=2), GOOD), "versions must increase from 1, not [2, 1]"),
        ((replace(GOOD, version=0),), "versions must increase from 1, not [0]"),
        ((replace(GOOD, due_item_kind="other.kind"),), "not a due item kind of it"),
        ((asking(),), "asks no questions"),
        ((replace(GOOD, title=" "),), "has no title"),
        ((asking(replace(SCALE, prompt="")),), "needs a key and a prompt"),
    ],
)
def test_malformed_questionnaires_are_named(
    specs: tuple[QuestionnaireSpec, ...], problem: str
) -> None:
    (named,) = _problems(*specs)

    assert problem in named
