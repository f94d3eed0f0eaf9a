"""Questionnaires through the API: the example program's reflection is read with its
questions, answered about a workshop once, checked against its version, and answering it
completes the reflection due about that workshop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from core.db import Database
from core.graphql.relay import to_global_id
from core.questionnaires import service as questionnaires
from tests.core_service_support import pk
from tests.factories import RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient
from tests.questionnaire_support import (
    ANSWERS,
    KEY,
    MY_SUBMISSIONS,
    PROGRAM,
    QUESTIONNAIRE,
    REFLECTION,
    SUBMIT,
    answers_with,
    codes,
    submission_input,
    submit,
)

Clients = Callable[[int | str | None], GraphQLClient]

DUE_ITEMS = """
query($id: ID!) {
  node(id: $id) { ... on Person {
    dueItems(includeCompleted: true) { nodes { kind completedAt } }
  } }
}"""


async def _physician_and_workshop(make: Factory) -> tuple[str, str]:
    organization = await make.organization()
    return await make.person(organization=organization), await make.activity(
        organization=organization
    )


async def test_core_questionnaire_is_read_with_its_questions(gql: GraphQLClient) -> None:
    read = await gql.data(QUESTIONNAIRE, {"program": PROGRAM, "key": KEY})

    questionnaire = read["questionnaire"]
    assert (questionnaire["version"], questionnaire["dueItemKind"]) == (1, REFLECTION)
    assert [(q["key"], q["type"], q["required"]) for q in questionnaire["questions"]] == [
        ("learned", "TEXT", True),
        ("format", "SINGLE_CHOICE", True),
        ("topics", "MULTIPLE_CHOICE", False),
        ("useful", "SCALE", True),
        ("recommend", "YES_NO", False),
    ]
    assert questionnaire["questions"][1]["choices"] == ["In person", "Online"]


@pytest.mark.parametrize(
    ("program", "key", "version"),
    [(PROGRAM, "nothing", None), ("nowhere", KEY, None), (PROGRAM, KEY, 9)],
)
async def test_core_questionnaire_unknown_is_not_found(
    gql: GraphQLClient, program: str, key: str, version: int | None
) -> None:
    body = await gql.execute(QUESTIONNAIRE, {"program": program, "key": key, "version": version})

    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]


async def test_core_questionnaire_answers_read_back_with_their_questions(
    make: Factory, client_for: Clients
) -> None:
    person, workshop = await _physician_and_workshop(make)
    physician = client_for(person)

    payload = await submit(physician, workshop)
    mine = await physician.data(MY_SUBMISSIONS, {"program": PROGRAM})

    assert payload["errors"] == []
    (listed,) = mine["myQuestionnaireSubmissions"]["nodes"]
    assert listed == payload["submission"]
    assert (listed["personId"], listed["subjectId"]) == (person, workshop)
    given = {a["question"]["key"]: a for a in listed["answers"]}
    assert given["learned"]["text"] == ANSWERS[0]["text"]
    assert given["format"]["choice"] == "Online"
    assert given["topics"]["choices"] == ["Billing", "Wellness"]
    assert (given["useful"]["scale"], given["recommend"]["yes"]) == (4, True)


async def test_core_questionnaire_optional_questions_may_be_left_blank(
    make: Factory, client_for: Clients
) -> None:
    person, workshop = await _physician_and_workshop(make)
    answers = [a for a in ANSWERS if a["question"] not in {"topics", "recommend"}]

    payload = await submit(client_for(person), workshop, answers)

    assert payload["errors"] == []
    blank = [a for a in payload["submission"]["answers"] if a["question"]["key"] == "topics"]
    assert blank[0]["choices"] is None


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ([*ANSWERS, {"question": "mood", "text": "Fine"}], "CORE-QUESTIONNAIRE-UNKNOWN-QUESTION"),
        (answers_with("learned"), "CORE-QUESTIONNAIRE-REQUIRED"),
        (answers_with("learned", text="   "), "CORE-QUESTIONNAIRE-REQUIRED"),
        (answers_with("useful", text="very"), "CORE-QUESTIONNAIRE-TYPE"),
        (answers_with("useful", scale=6), "CORE-QUESTIONNAIRE-TYPE"),
        (answers_with("recommend", yes=True, text="yes"), "CORE-QUESTIONNAIRE-TYPE"),
        (answers_with("format", choices=["Online"]), "CORE-QUESTIONNAIRE-TYPE"),
        (answers_with("format", choice="By post"), "CORE-QUESTIONNAIRE-CHOICE"),
        (answers_with("topics", choices=["Billing", "Golf"]), "CORE-QUESTIONNAIRE-CHOICE"),
        ([*ANSWERS, ANSWERS[0]], "INVALID"),
    ],
)
async def test_core_questionnaire_answers_are_checked_against_the_version(
    make: Factory, client_for: Clients, answers: list[dict[str, Any]], code: str
) -> None:
    person, workshop = await _physician_and_workshop(make)
    physician = client_for(person)

    payload = await submit(physician, workshop, answers)

    assert (codes(payload), payload["submission"]) == ([code], None)
    assert (await physician.data(MY_SUBMISSIONS))["myQuestionnaireSubmissions"]["nodes"] == []


async def test_core_questionnaire_every_problem_is_named_at_once(
    make: Factory, client_for: Clients
) -> None:
    person, workshop = await _physician_and_workshop(make)
    answers = [{"question": "useful", "scale": 0}, {"question": "format", "choice": "Radio"}]

    payload = await submit(client_for(person), workshop, answers)

    assert sorted(codes(payload)) == [
        "CORE-QUESTIONNAIRE-CHOICE",
        "CORE-QUESTIONNAIRE-REQUIRED",
        "CORE-QUESTIONNAIRE-TYPE",
    ]


async def test_core_questionnaire_submitted_once_per_person_and_subject(
    make: Factory, client_for: Clients
) -> None:
    person, workshop = await _physician_and_workshop(make)
    other_workshop = await make.activity()
    physician = client_for(person)

    first = await submit(physician, workshop)
    again = await submit(physician, workshop, answers_with("useful", scale=1))
    elsewhere = await submit(physician, other_workshop)

    assert (first["errors"], elsewhere["errors"]) == ([], [])
    assert codes(again) == ["CORE-QUESTIONNAIRE-SUBMITTED"]
    kept = (await physician.data(MY_SUBMISSIONS))["myQuestionnaireSubmissions"]["nodes"]
    assert [s["subjectId"] for s in kept] == [workshop, other_workshop]


async def test_core_questionnaire_version_no_longer_asked_is_refused(
    make: Factory, client_for: Clients
) -> None:
    person, workshop = await _physician_and_workshop(make)

    payload = await submit(client_for(person), workshop, version=2)

    assert codes(payload) == ["CORE-QUESTIONNAIRE-VERSION"]


async def test_core_questionnaire_subject_must_be_an_object_of_the_api(
    make: Factory, client_for: Clients
) -> None:
    person = await make.person()

    body = await client_for(person).execute(
        SUBMIT, {"input": submission_input(to_global_id("Nothing", 1))}
    )

    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]


async def test_core_questionnaire_anonymous_callers_must_sign_in(
    client_for: Clients, make: Factory
) -> None:
    workshop = await make.activity()

    body = await client_for(None).execute(QUESTIONNAIRE, {"program": PROGRAM, "key": KEY})
    submitted = await client_for(None).execute(SUBMIT, {"input": submission_input(workshop)})

    for refused in (body, submitted):
        assert [e["extensions"]["code"] for e in refused["errors"]] == ["UNAUTHENTICATED"]


async def test_core_questionnaire_answering_completes_its_due_item(
    make: Factory, gql: GraphQLClient, client_for: Clients
) -> None:
    person, workshop = await _physician_and_workshop(make)
    other_workshop = await make.activity()
    # Attending a workshop makes its reflection due (the example program's event handler).
    for attended in (workshop, other_workshop):
        await gql.mutate(RECORD_PARTICIPATION, activityId=attended, personId=person, hours=2)

    payload = await submit(client_for(person), workshop)

    assert payload["errors"] == []
    dues = (await gql.data(DUE_ITEMS, {"id": person}))["node"]["dueItems"]["nodes"]
    # Both are due the same day, so they are listed in the order they were set.
    assert [d["kind"] for d in dues] == [REFLECTION, REFLECTION]
    assert (dues[0]["completedAt"] is None, dues[1]["completedAt"] is None) == (False, True)


async def test_core_questionnaire_a_program_asks_whether_it_was_answered(
    database: Database, make: Factory, client_for: Clients
) -> None:
    person, workshop = await _physician_and_workshop(make)
    subject = ("Activity", pk(workshop))
    ask = {"program": PROGRAM, "key": KEY, "person_id": pk(person), "subject": subject}
    async with database.read() as session:
        before = await questionnaires.has_answered(session, **ask)

    await submit(client_for(person), workshop)

    async with database.read() as session:
        assert (before, await questionnaires.has_answered(session, **ask)) == (False, True)
