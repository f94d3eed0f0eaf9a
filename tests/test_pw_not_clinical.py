"""PW-NOT-CLINICAL: Practising Well is not clinical consultation for specific patients.

So no patient information is recorded: a question must acknowledge it, and text that looks
like it identifies a patient (a health card number, a date of birth, a named patient) is
refused and never stored, in questions, answers and feedback alike.

Each test runs in its own organization (the ``program`` fixture: staff, a guide and two
approved learners), so tests share the session's database without seeing each other's data.
"""

from __future__ import annotations

import pytest

from tests.pw_exchange_support import (
    ANSWER,
    ASK,
    FEEDBACK_SUMMARY,
    GENERAL_QUESTION,
    NOT_CLINICAL,
    SUBMIT_FEEDBACK,
    Clients,
    Program,
    _ask,
    _questions,
)
from tests.pw_support import _codes

# --- PW-NOT-CLINICAL ---------------------------------------------------------------------------


async def test_pw_not_clinical_question_without_acknowledgement_is_refused(
    program: Program, client_for: Clients
) -> None:
    learner = client_for(program.learner)

    omitted = await learner.payload(
        ASK, topic="CHRONIC_PAIN", question=GENERAL_QUESTION
    )  # acknowledgeNotClinical left out
    declined = await _ask(learner, acknowledgeNotClinical=False)

    for payload in (omitted, declined):
        assert _codes(payload) == [(NOT_CLINICAL, "acknowledgeNotClinical")]
        assert "not clinical consultation for specific patients" in payload["errors"][0]["message"]
        assert payload["question"] is None
    assert await _questions(learner) == []


@pytest.mark.parametrize(
    "number",
    [
        "1234567890",
        "1234-567-890",
        "1234 567 890",
        "1234-567-890-AB",
        "1234567890AB",
    ],
)
async def test_pw_not_clinical_health_card_number_is_refused_and_not_stored(
    program: Program, client_for: Clients, number: str
) -> None:
    learner = client_for(program.learner)

    payload = await _ask(
        learner, f"Which OHIP-covered counselling services take health card {number}?"
    )

    assert _codes(payload) == [(NOT_CLINICAL, "question")]
    message = payload["errors"][0]["message"]
    assert "not clinical consultation for specific patients" in message
    assert "health card number" in message
    assert number not in message
    assert payload["question"] is None
    assert await _questions(learner) == []
    staff_view = await _questions(client_for(program.staff), org=program.organization)
    assert all(number not in q["question"] for q in staff_view)


@pytest.mark.parametrize(
    "text",
    [
        "Resources for a man, DOB 1956-03-14, with chronic low back pain?",
        "Anything for a woman with date of birth: 14/03/1961 and panic attacks?",
        "She was born on March 14, 1972; where do I find CBT-I resources?",
    ],
)
async def test_pw_not_clinical_date_of_birth_is_refused_and_not_stored(
    program: Program, client_for: Clients, text: str
) -> None:
    learner = client_for(program.learner)

    payload = await _ask(learner, text)

    assert _codes(payload) == [(NOT_CLINICAL, "question")]
    assert "date of birth" in payload["errors"][0]["message"]
    assert await _questions(learner) == []


@pytest.mark.parametrize(
    "text",
    [
        "My patient Mary Tremblay is on 200 mg of morphine; which tapering guide fits?",
        "Our patient, Mr. Singh, asked about peer support groups: any list?",
        "A patient named Olivia wants a mindfulness app; which ones are evidence-based?",
    ],
)
async def test_pw_not_clinical_named_patient_is_refused_and_not_stored(
    program: Program, client_for: Clients, text: str
) -> None:
    learner = client_for(program.learner)

    payload = await _ask(learner, text)

    assert _codes(payload) == [(NOT_CLINICAL, "question")]
    assert "patient's name" in payload["errors"][0]["message"]
    assert await _questions(learner) == []


async def test_pw_not_clinical_general_resource_question_is_accepted(
    program: Program, client_for: Clients
) -> None:
    learner = client_for(program.learner)
    text = "My patient is anxious about tapering: is there a handout? Call me at 416-555-1234."

    payload = await _ask(learner, text)

    assert payload["errors"] == []
    assert payload["question"]["question"] == text
    assert payload["question"]["status"] == "OPEN"
    assert payload["question"]["answer"] is None


async def test_pw_not_clinical_answer_identifying_a_patient_is_refused(
    program: Program, client_for: Clients
) -> None:
    asked = await _ask(client_for(program.learner))
    guide = client_for(program.guide)

    payload = await guide.payload(
        ANSWER,
        questionId=asked["question"]["id"],
        answer="I treated a patient named Robert with this: see the CPSO opioid guide.",
    )

    assert _codes(payload) == [(NOT_CLINICAL, "answer")]
    (question,) = await _questions(client_for(program.learner))
    assert question["status"] == "OPEN"
    assert question["answer"] is None


async def test_pw_not_clinical_feedback_comments_identifying_a_patient_are_refused(
    program: Program, client_for: Clients
) -> None:
    payload = await client_for(program.learner).payload(
        SUBMIT_FEEDBACK,
        component="PEER_CONNECT",
        rating=4,
        comments="Helped with my patient, card 2345-678-901-XY.",
    )

    assert _codes(payload) == [(NOT_CLINICAL, "comments")]
    summary = await client_for(program.staff).data(FEEDBACK_SUMMARY, {"org": program.organization})
    assert all(c["count"] == 0 for c in summary["pwFeedbackSummary"]["components"])
