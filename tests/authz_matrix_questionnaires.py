"""The authorization matrix's rows for questionnaires (``core/questionnaires``).

Anyone signed in reads a questionnaire and answers it for themselves, about a workshop of A
made for the case. Answers are their person's and the program's staff's over that person:
P's answers about a fresh workshop are seen by P, C (staff of A) and the platform admin; not
by Q, not by G (who facilitates P's circle), not by S (staff of B). Lists show the others
nothing rather than refusing them.
"""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import (
    DENY,
    SIGNED_IN,
    Entry,
    expect,
    inputs,
    mutation,
    no_variables,
    seen,
)
from tests.authz_world import PHYSICIAN, World
from tests.questionnaire_support import KEY, PROGRAM, submission_input, submit

ANSWERS_OF_P = "answersOfP"
NOTHING_SEEN = seen()


async def the_reflection(w: World, caller: str) -> dict[str, Any]:
    return {"program": PROGRAM, "key": KEY}


async def fresh_workshop(w: World, caller: str) -> dict[str, Any]:
    return submission_input(await w.activity_in("A"))


async def workshop_p_answered(w: World, caller: str) -> dict[str, Any]:
    workshop = await w.activity_in("A")
    payload = await submit(w.client(PHYSICIAN), workshop)
    w.ids[ANSWERS_OF_P] = payload["submission"]["id"]
    return {"program": PROGRAM, "key": KEY, "subject": workshop}


QUESTIONNAIRES_MATRIX: dict[str, Entry] = {
    "questionnaire": Entry(
        "query($program: String!, $key: String!) { questionnaire(program: $program, key: $key) "
        "{ version questions { key } } }",
        the_reflection,
        SIGNED_IN,
    ),
    "myQuestionnaireSubmissions": Entry(
        "query { myQuestionnaireSubmissions { nodes { key subjectId } } }",
        no_variables,
        SIGNED_IN,
    ),
    "questionnaireAnswers": Entry(
        "query($program: String!, $key: String!, $subject: ID!) { questionnaireAnswers("
        "program: $program, key: $key, subjectId: $subject) { nodes { id } } }",
        workshop_p_answered,
        expect(
            anonymous=DENY,
            physician=seen(ANSWERS_OF_P),
            other_physician=NOTHING_SEEN,
            guide=NOTHING_SEEN,
            coordinator_a=seen(ANSWERS_OF_P),
            staff_b=NOTHING_SEEN,
            admin=seen(ANSWERS_OF_P),
        ),
    ),
    "submitQuestionnaire": Entry(
        mutation("submitQuestionnaire", "SubmitQuestionnaireInput", "submission { key }"),
        inputs(fresh_workshop),
        SIGNED_IN,
    ),
}
