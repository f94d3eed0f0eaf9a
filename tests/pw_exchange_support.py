"""The Information Exchange tests' documents and the organization each of them runs in.

A support module: the PW-NOT-CLINICAL, resource, question and feedback tests share these;
the ``program`` fixture (tests/conftest.py) builds a fresh ``Program`` per test with
``_program``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.factories import Factory
from tests.graphql_client import GraphQLClient

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
