"""CORE-NO-PATIENT-DATA: no free text of any program records a patient.

Every mutation that stores prose (goals, reflections, plans, PDSA notes, request messages,
bios, decision notes, questionnaire answers, ...) refuses a text that looks like it identifies
a patient, naming the input field, and stores nothing. Each case sends the mutation as the
authorization matrix's world sends it for a caller allowed to make it (tests/authz_matrix.py),
with one field replaced: the same input with the plain text is accepted in the matrix, so the
refusal is the screen's. Practising Well's Information Exchange answers its own rule,
PW-NOT-CLINICAL, for the same findings (tests/test_pw_not_clinical.py tests its wording).

Names (of people, groups, activities, measures), titles, codes and addresses are not screened.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from core.privacy.screen import NO_PATIENT_DATA, Finding, patient_information
from tests.authz_matrix import MATRIX
from tests.authz_outcomes import ALLOW, collect_ids
from tests.authz_world import CALLERS, World

PW_NOT_CLINICAL = "PW-NOT-CLINICAL"
SMART = ("specific", "measurable", "achievable", "relevant")

# (mutation, path of the text in its input, the refusing code); the refusal names the path's
# first part as its field.
SCREENED: list[tuple[str, str, str]] = [
    *[
        (mutation, field, NO_PATIENT_DATA)
        for mutation, fields in {
            "createPlan": ("summary",),
            "updatePlan": ("summary",),
            "addPlanGoal": SMART,
            "updatePlanGoal": SMART,
            "reviewPlan": ("comment",),
            "decideEnrolment": ("reason",),
            "withdrawEnrolment": ("reason",),
            "closeEnrolment": ("reason",),
            "correctMeasureValue": ("reason",),
            "recordExternalCredit": ("note",),
            "recordSpending": ("note",),
            "reverseSpending": ("reason",),
            "reverseCreditEntry": ("reason",),
            "correctAttendance": ("reason",),
            "withdrawAttendance": ("reason",),
            "correctPartAttendance": ("reason",),
            "submitQuestionnaire": ("answers.0.text",),
            "pspCreateSeries": ("theme", "content"),
            "pspAdaptSeries": ("theme", "content"),
            "pspProposeTopic": ("description",),
            "pspScheduleSession": ("objectives",),
            "pspSpendDivisionFunding": ("note",),
            "pspLogVisit": ("notes",),
            "qigRecordActivity": ("answers",),
            "qigRequestSupport": ("question",),
            "qigAnswerSupport": ("answer",),
            "qigUpdatePip": ("strengths", "improvements"),
            "qigAddPipGoal": SMART,
            "qigUpdatePipGoal": SMART,
            "qigFormGroup": ("description",),
            "lcStartPdsaCycle": ("changeIdea", "prediction", "plan"),
            "lcFinishPdsaCycle": ("done", "learned"),
            "lcRecordSpread": ("spreadTo", "how"),
            "lcAddCharterGoal": ("statement",),
            "lcAddCharterMeasure": ("definition",),
            "lcKeepCallNotes": ("notes",),
            "lcPostToOffice": ("body",),
            "pwCreateGuide": ("bio",),
            "pwRequestGuide": ("message",),
            "pwDecideOffer": ("reason",),
            "pwEndMatch": ("reason",),
            "pwSetGoal": SMART,
            "pwSubmitProgressSurvey": ("reflection",),
            "pwDecideApplication": ("note",),
            "pwWithdrawAccount": ("reason",),
            "pwCorrectSession": ("reason",),
            "pwWithdrawSession": ("reason",),
            "pwCorrectCallAttendance": ("reason",),
            "pwWithdrawCallAttendance": ("reason",),
        }.items()
        for field in fields
    ],
    ("pwAddResource", "title", PW_NOT_CLINICAL),
    ("pwAddResource", "summary", PW_NOT_CLINICAL),
    ("pwAskQuestion", "question", PW_NOT_CLINICAL),
    ("pwAnswerQuestion", "answer", PW_NOT_CLINICAL),
    ("pwSubmitFeedback", "comments", PW_NOT_CLINICAL),
]

PATIENT_TEXT = "Followed up with my patient Mary Tremblay, health card 1234-567-890-AB."


def _replace(value: Any, path: list[str], text: str) -> None:
    """Put ``text`` at ``path`` in an input (a list index is a number); a text a case's input
    left out is added, an answer without text given one."""
    *parents, last = path
    for step in parents:
        value = value[int(step)] if isinstance(value, list) else value[step]
    value[last] = text


def _allowed_caller(mutation: str) -> str:
    return next(c for c in CALLERS if MATRIX[mutation].expect[c] == ALLOW)


@pytest.mark.parametrize(("mutation", "path", "code"), SCREENED)
async def test_core_no_patient_data_refused_in_every_free_text(
    world: World, mutation: str, path: str, code: str
) -> None:
    entry, caller = MATRIX[mutation], _allowed_caller(mutation)
    # A copy: the matrix's inputs share constants (a questionnaire's answers) with other tests.
    variables = copy.deepcopy(await entry.variables(world, caller))
    _replace(variables["input"], path.split("."), PATIENT_TEXT)

    body = await world.client(caller).execute(entry.operation, variables)

    assert not body.get("errors"), body
    payload = body["data"][mutation]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, path.split(".")[0])]
    assert "1234-567-890" not in payload["errors"][0]["message"]
    assert not collect_ids(payload), f"refused, yet made or shown: {payload}"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("card 1234567890", Finding.HEALTH_CARD),
        ("DOB: 14 March 1956", Finding.DATE_OF_BIRTH),
        ("a patient named Olivia", Finding.PATIENT_NAME),
        ("My patient is anxious; call me at 416-555-1234.", None),
    ],
)
def test_core_no_patient_data_findings(text: str, finding: Finding | None) -> None:
    assert patient_information(text) == finding
