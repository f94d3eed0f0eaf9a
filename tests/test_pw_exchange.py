"""Practising Well's Information Exchange and program feedback, through the GraphQL API.

PW-NOT-CLINICAL: Practising Well is not clinical consultation for specific patients, so no
patient information is recorded: a question must acknowledge it, and text that looks like it
identifies a patient is refused and never stored. Resources, questions and feedback belong to
an organization: its approved learners, guides and program staff use them; a learner sees only
their own questions, and only program staff see feedback, as an aggregate without authors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from core.db import Database
from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient
from tests.statement_counting import counting_statements

SLUG = "ocfp_practising_well"
NOT_CLINICAL = "PW-NOT-CLINICAL"

ASSIGN_ROLE = """
mutation($input: AssignRoleInput!) {
  assignRole(input: $input) { roleAssignment { id } errors { code field message } }
}"""

PW_APPLY = """
mutation($input: PwApplyInput!) {
  pwApply(input: $input) { learner { id status } errors { code field message } }
}"""

PW_DECIDE = """
mutation($input: PwDecideApplicationInput!) {
  pwDecideApplication(input: $input) { learner { id status } errors { code field message } }
}"""

PW_CREATE_GUIDE = """
mutation($input: PwCreateGuideInput!) {
  pwCreateGuide(input: $input) { guide { id } errors { code field message } }
}"""

ADD_RESOURCE = """
mutation($input: PwAddResourceInput!) {
  pwAddResource(input: $input) {
    resource { id title topic summary url organizationId }
    errors { code field message }
  }
}"""

RESOURCES = """
query($search: String, $topic: PwTopic, $first: Int! = 20, $after: String, $org: ID) {
  pwResources(search: $search, topic: $topic, first: $first, after: $after,
              organizationId: $org) {
    edges { cursor node { id title topic summary url } }
    pageInfo { hasNextPage endCursor }
  }
}"""

ASK = """
mutation($input: PwAskQuestionInput!) {
  pwAskQuestion(input: $input) {
    question { id topic question answer status askerId }
    errors { code field message }
  }
}"""

ANSWER = """
mutation($input: PwAnswerQuestionInput!) {
  pwAnswerQuestion(input: $input) {
    question { id question answer status answeredById answeredAt }
    errors { code field message }
  }
}"""

QUESTIONS = """
query($status: PwQuestionStatus, $org: ID) {
  pwQuestions(status: $status, organizationId: $org, first: 100) {
    nodes { id question answer status askerId }
  }
}"""

SUBMIT_FEEDBACK = """
mutation($input: PwSubmitFeedbackInput!) {
  pwSubmitFeedback(input: $input) {
    feedback { component rating comments }
    errors { code field message }
  }
}"""

FEEDBACK_SUMMARY = """
query($org: ID!) {
  pwFeedbackSummary(organizationId: $org) {
    organizationId
    components { component count averageRating comments }
  }
}"""

NODE = """
query($id: ID!) { node(id: $id) { id ... on PwQuestion { question answer } } }"""

GENERAL_QUESTION = (
    "Where can I find a practical guide to tapering opioids in chronic pain, and is there a "
    "patient handout on sleep hygiene?"
)


@dataclass
class Program:
    """One organization running Practising Well: staff, guide and approved learners."""

    organization: str
    staff: str
    guide: str
    learner: str
    other_learner: str


Clients = Callable[[int | str | None], GraphQLClient]


async def _staff(gql: GraphQLClient, make: Factory, organization: str) -> str:
    person = await make.person("OTHER", organization=organization)
    await gql.mutate(
        ASSIGN_ROLE,
        personId=person,
        organizationId=organization,
        program=SLUG,
        role="PROGRAM_STAFF",
    )
    return person


async def _learner(
    gql: GraphQLClient,
    client_for: Clients,
    make: Factory,
    organization: str,
    *,
    approve: bool = True,
) -> str:
    """A family physician who applied as themselves; staff (the admin here) approve them."""
    person = await make.person(organization=organization)
    applied = await client_for(person).mutate(
        PW_APPLY, organizationId=organization, topicAreas=["MENTAL_HEALTH"], reporting="CERTIFICATE"
    )
    if approve:
        await gql.mutate(PW_DECIDE, accountId=applied["learner"]["id"], approve=True)
    return person


async def _guide(gql: GraphQLClient, make: Factory, organization: str) -> str:
    person = await make.person(organization=organization)
    await gql.mutate(
        PW_CREATE_GUIDE,
        personId=person,
        organizationId=organization,
        bio="Family physician with an addiction medicine practice.",
        topicAreas=["SUBSTANCE_USE", "CHRONIC_PAIN"],
        capacity=3,
    )
    return person


async def _program(gql: GraphQLClient, client_for: Clients, make: Factory) -> Program:
    organization = await make.organization()
    return Program(
        organization=organization,
        staff=await _staff(gql, make, organization),
        guide=await _guide(gql, make, organization),
        learner=await _learner(gql, client_for, make, organization),
        other_learner=await _learner(gql, client_for, make, organization),
    )


@pytest.fixture
async def program(gql: GraphQLClient, client_for: Clients, make: Factory) -> Program:
    return await _program(gql, client_for, make)


async def _ask(client: GraphQLClient, text: str = GENERAL_QUESTION, **extra: object) -> dict:
    fields: dict[str, object] = {
        "topic": "CHRONIC_PAIN",
        "question": text,
        "acknowledgeNotClinical": True,
    }
    fields.update(extra)
    return await client.payload(ASK, **fields)


async def _questions(client: GraphQLClient, **variables: object) -> list[dict]:
    data = await client.data(QUESTIONS, variables)
    return data["pwQuestions"]["nodes"]


def _codes(payload: dict) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


def _error_code(body: dict) -> str:
    (error,) = body["errors"]
    return error["extensions"]["code"]


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


# --- Information Exchange: resources -----------------------------------------------------------


async def test_pw_exchange_staff_add_resources_that_members_search(
    gql: GraphQLClient, client_for: Clients, make: Factory, program: Program
) -> None:
    staff = client_for(program.staff)
    added = []
    for title, topic, summary in [
        ("Opioid Tapering Guide", "CHRONIC_PAIN", "Step-by-step TAPERING schedules."),
        ("Sleep hygiene handout", "MENTAL_HEALTH", "A one-page handout on sleep and tapering."),
        ("Alcohol use disorder toolkit", "SUBSTANCE_USE", "Screening and brief intervention."),
    ]:
        payload = await staff.mutate(
            ADD_RESOURCE,
            organizationId=program.organization,
            title=title,
            topic=topic,
            summary=summary,
            url="https://practisingwell.example.org/" + title.split()[0].lower(),
        )
        added.append(payload["resource"])
    other = await make.organization()
    await gql.mutate(
        ADD_RESOURCE,
        organizationId=other,
        title="Tapering elsewhere",
        topic="CHRONIC_PAIN",
        summary="Another organization's tapering guide.",
        url="https://other.example.org/taper",
    )

    for person in (program.learner, program.guide, program.staff):
        client = client_for(person)
        everything = await client.data(RESOURCES)
        titles = [e["node"]["title"] for e in everything["pwResources"]["edges"]]
        assert titles == [r["title"] for r in added]
        tapering = await client.data(RESOURCES, {"search": "taPERing"})
        assert [e["node"]["title"] for e in tapering["pwResources"]["edges"]] == [
            "Opioid Tapering Guide",
            "Sleep hygiene handout",
        ]
        pain = await client.data(RESOURCES, {"search": "tapering", "topic": "CHRONIC_PAIN"})
        assert [e["node"]["title"] for e in pain["pwResources"]["edges"]] == [
            "Opioid Tapering Guide"
        ]
        words = await client.data(RESOURCES, {"search": "brief  SCREENING"})
        assert [e["node"]["title"] for e in words["pwResources"]["edges"]] == [
            "Alcohol use disorder toolkit"
        ]
        wildcard = await client.data(RESOURCES, {"search": "%"})
        assert wildcard["pwResources"]["edges"] == []

    page = (await client_for(program.learner).data(RESOURCES, {"first": 2}))["pwResources"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await client_for(program.learner).data(
        RESOURCES, {"first": 2, "after": page["pageInfo"]["endCursor"]}
    )
    assert [e["node"]["title"] for e in rest["pwResources"]["edges"]] == [added[2]["title"]]
    assert rest["pwResources"]["pageInfo"]["hasNextPage"] is False


async def test_pw_exchange_only_program_staff_add_resources(
    program: Program, client_for: Clients
) -> None:
    for person in (program.learner, program.guide):
        body = await client_for(person).execute(
            ADD_RESOURCE,
            {
                "input": {
                    "organizationId": program.organization,
                    "title": "Mine",
                    "topic": "MENTAL_HEALTH",
                    "summary": "A resource.",
                    "url": "https://example.org/",
                }
            },
        )
        assert _error_code(body) == "FORBIDDEN"


async def test_pw_exchange_resource_needs_a_title_and_a_web_address(
    program: Program, client_for: Clients
) -> None:
    staff = client_for(program.staff)
    fields = {
        "organizationId": program.organization,
        "title": "Guide",
        "topic": "MENTAL_HEALTH",
        "summary": "A resource.",
        "url": "https://example.org/guide",
    }

    untitled = await staff.payload(ADD_RESOURCE, **{**fields, "title": "  "})
    no_web = await staff.payload(ADD_RESOURCE, **{**fields, "url": "javascript:alert(1)"})

    assert _codes(untitled) == [("INVALID", "title")]
    assert _codes(no_web) == [("INVALID", "url")]


async def test_pw_exchange_resources_are_for_the_organizations_members_only(
    gql: GraphQLClient, client_for: Clients, make: Factory, program: Program
) -> None:
    await client_for(program.staff).mutate(
        ADD_RESOURCE,
        organizationId=program.organization,
        title=unique("Members only"),
        topic="MENTAL_HEALTH",
        summary="For this organization's members.",
        url="https://example.org/members",
    )
    pending = await _learner(gql, client_for, make, program.organization, approve=False)
    outsider = await _learner(gql, client_for, make, await make.organization())

    for person in (pending, outsider):
        data = await client_for(person).data(RESOURCES)
        assert data["pwResources"]["edges"] == []
    anonymous = await client_for(None).execute(RESOURCES)
    assert _error_code(anonymous) == "UNAUTHENTICATED"


async def test_pw_exchange_resource_search_costs_the_same_for_many_items(
    database: Database, program: Program, client_for: Clients
) -> None:
    staff = client_for(program.staff)
    learner = client_for(program.learner)

    async def add(count: int) -> None:
        for _ in range(count):
            await staff.mutate(
                ADD_RESOURCE,
                organizationId=program.organization,
                title=unique("Guide"),
                topic="MENTAL_HEALTH",
                summary="Mindfulness resources.",
                url="https://example.org/mindfulness",
            )

    await add(1)
    with counting_statements(database) as one:
        await learner.data(RESOURCES, {"first": 50})
    await add(20)
    with counting_statements(database) as many:
        data = await learner.data(RESOURCES, {"first": 50})

    assert len(data["pwResources"]["edges"]) == 21
    assert len(many) == len(one)


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
