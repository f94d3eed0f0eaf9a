"""The Information Exchange's questions and answers, and program feedback.

Only approved learners ask and give feedback (PW-ACCOUNT); the organization's guides and
program staff answer; a learner sees only their own questions, and only program staff see
feedback, as an aggregate without authors.

Each test runs in its own organization (the ``program`` fixture: staff, a guide and two
approved learners), so tests share the session's database without seeing each other's data.
"""

from __future__ import annotations

import json

from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient
from tests.pw_exchange_support import (
    ADD_RESOURCE,
    ANSWER,
    FEEDBACK_SUMMARY,
    NODE,
    QUESTIONS,
    SUBMIT_FEEDBACK,
    Clients,
    Program,
    _ask,
    _guide,
    _learner,
    _questions,
)
from tests.pw_support import _codes, _error_code

# --- PW-ACCOUNT: only approved learners ask and give feedback ----------------------------------


async def test_pw_account_unapproved_learner_cannot_ask_or_give_feedback(
    gql: GraphQLClient, client_for: Clients, make: Factory
) -> None:
    organization = await make.organization()
    pending = client_for(await _learner(gql, client_for, make, organization, approve=False))
    stranger = client_for(await make.person(organization=organization))

    for client in (pending, stranger):
        asked = await _ask(client)
        rated = await client.payload(SUBMIT_FEEDBACK, component="OVERALL", rating=5)
        assert [code for code, _ in _codes(asked)] == ["PW-ACCOUNT"]
        assert [code for code, _ in _codes(rated)] == ["PW-ACCOUNT"]


# --- Information Exchange: questions and answers ---------------------------------------------


async def test_pw_exchange_guide_sees_open_questions_and_answers_them(
    program: Program, client_for: Clients
) -> None:
    learner = client_for(program.learner)
    guide = client_for(program.guide)
    asked = (await _ask(learner))["question"]

    open_questions = await _questions(guide, status="OPEN")
    assert [q["id"] for q in open_questions] == [asked["id"]]
    assert open_questions[0]["askerId"] == program.learner

    answered = await guide.mutate(
        ANSWER,
        questionId=asked["id"],
        answer="See the Practising Well opioid tapering toolkit in the Information Exchange.",
    )

    assert answered["question"]["status"] == "ANSWERED"
    assert answered["question"]["answeredById"] == program.guide
    assert answered["question"]["answeredAt"] is not None
    assert await _questions(guide, status="OPEN") == []
    assert [q["id"] for q in await _questions(guide, status="ANSWERED")] == [asked["id"]]
    (own,) = await _questions(learner)
    assert own["answer"].startswith("See the Practising Well opioid tapering toolkit")
    again = await client_for(program.staff).payload(
        ANSWER, questionId=asked["id"], answer="A second answer."
    )
    assert _codes(again) == [("INVALID", "questionId")]


async def test_pw_exchange_program_staff_answer_questions_too(
    program: Program, client_for: Clients
) -> None:
    asked = (await _ask(client_for(program.learner)))["question"]
    staff = client_for(program.staff)

    assert [q["id"] for q in await _questions(staff, status="OPEN")] == [asked["id"]]
    answered = await staff.mutate(ANSWER, questionId=asked["id"], answer="Try the CoP archive.")

    assert answered["question"]["answeredById"] == program.staff


async def test_pw_exchange_other_organizations_guides_and_learners_cannot_answer(
    gql: GraphQLClient, client_for: Clients, make: Factory, program: Program
) -> None:
    asked = (await _ask(client_for(program.learner)))["question"]
    other_guide = await _guide(gql, make, await make.organization())

    for person in (other_guide, program.other_learner, program.learner):
        body = await client_for(person).execute(
            ANSWER, {"input": {"questionId": asked["id"], "answer": "An answer."}}
        )
        assert _error_code(body) == "FORBIDDEN"
    assert await _questions(client_for(other_guide)) == []
    (still_open,) = await _questions(client_for(program.learner))
    assert still_open["status"] == "OPEN"


async def test_pw_exchange_learner_sees_own_questions_and_answers_only(
    program: Program, client_for: Clients
) -> None:
    learner = client_for(program.learner)
    other = client_for(program.other_learner)
    mine = (await _ask(learner, "Where is the CBT worksheet collection?"))["question"]
    theirs = (await _ask(other, "Is there a buprenorphine induction algorithm?"))["question"]
    await client_for(program.guide).mutate(
        ANSWER, questionId=theirs["id"], answer="Yes: META:PHI has one."
    )

    assert [q["id"] for q in await _questions(learner)] == [mine["id"]]
    assert [q["id"] for q in await _questions(other)] == [theirs["id"]]
    assert [q["answer"] for q in await _questions(other)] == ["Yes: META:PHI has one."]
    anonymous = await client_for(None).execute(QUESTIONS)
    assert _error_code(anonymous) == "UNAUTHENTICATED"


async def test_pw_exchange_node_finds_only_what_the_lists_show(
    program: Program, client_for: Clients
) -> None:
    theirs = (await _ask(client_for(program.other_learner)))["question"]
    resource = await client_for(program.staff).mutate(
        ADD_RESOURCE,
        organizationId=program.organization,
        title=unique("Node"),
        topic="MENTAL_HEALTH",
        summary="Found by ID.",
        url="https://example.org/node",
    )
    resource_id = resource["resource"]["id"]

    def node(body: dict) -> dict | None:
        return body["node"]

    assert node(await client_for(program.learner).data(NODE, {"id": theirs["id"]})) is None
    assert node(await client_for(program.other_learner).data(NODE, {"id": theirs["id"]})) == {
        "id": theirs["id"],
        "question": theirs["question"],
        "answer": None,
    }
    assert node(await client_for(program.guide).data(NODE, {"id": theirs["id"]})) is not None
    assert node(await client_for(program.learner).data(NODE, {"id": resource_id})) == {
        "id": resource_id
    }
    assert node(await client_for(None).data(NODE, {"id": resource_id})) is None


# --- Program feedback ----------------------------------------------------------------------------


async def test_pw_feedback_rating_must_be_from_1_to_5(
    program: Program, client_for: Clients
) -> None:
    learner = client_for(program.learner)

    for rating in (0, 6, -1):
        payload = await learner.payload(SUBMIT_FEEDBACK, component="OVERALL", rating=rating)
        assert _codes(payload) == [("INVALID", "rating")]
        assert payload["feedback"] is None


async def test_pw_feedback_aggregate_is_for_program_staff_only_without_authors(
    gql: GraphQLClient, client_for: Clients, make: Factory, program: Program
) -> None:
    learner = client_for(program.learner)
    other = client_for(program.other_learner)
    given = await learner.mutate(
        SUBMIT_FEEDBACK, component="PEER_CONNECT", rating=5, comments="My guide was excellent."
    )
    assert given["feedback"] == {
        "component": "PEER_CONNECT",
        "rating": 5,
        "comments": "My guide was excellent.",
    }
    await other.mutate(SUBMIT_FEEDBACK, component="PEER_CONNECT", rating=4)
    await other.mutate(SUBMIT_FEEDBACK, component="PEER_CONNECT", rating=4, comments="Useful.")
    await learner.mutate(
        SUBMIT_FEEDBACK, component="INFORMATION_EXCHANGE", rating=2, comments="Hard to search."
    )
    elsewhere = await _learner(gql, client_for, make, await make.organization())
    await client_for(elsewhere).mutate(SUBMIT_FEEDBACK, component="PEER_CONNECT", rating=1)

    body = await client_for(program.staff).data(FEEDBACK_SUMMARY, {"org": program.organization})

    summary = body["pwFeedbackSummary"]
    assert summary["organizationId"] == program.organization
    by_component = {c["component"]: c for c in summary["components"]}
    assert by_component["PEER_CONNECT"] == {
        "component": "PEER_CONNECT",
        "count": 3,
        "averageRating": "4.33",
        "comments": ["My guide was excellent.", "Useful."],
    }
    assert by_component["INFORMATION_EXCHANGE"]["count"] == 1
    assert by_component["INFORMATION_EXCHANGE"]["averageRating"] == "2.00"
    assert by_component["COMMUNITY_OF_PRACTICE"] == {
        "component": "COMMUNITY_OF_PRACTICE",
        "count": 0,
        "averageRating": None,
        "comments": [],
    }
    assert by_component["OVERALL"]["count"] == 0
    text = json.dumps(body)
    assert program.learner not in text
    assert program.other_learner not in text

    for person in (program.learner, program.other_learner, program.guide, elsewhere):
        denied = await client_for(person).execute(FEEDBACK_SUMMARY, {"org": program.organization})
        assert _error_code(denied) == "FORBIDDEN"
    anonymous = await client_for(None).execute(FEEDBACK_SUMMARY, {"org": program.organization})
    assert _error_code(anonymous) == "UNAUTHENTICATED"
