"""Documents and helpers for the enrolment tests and their authorization matrix rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.authz_documents import ASSIGN_ROLE
from tests.factories import Factory
from tests.graphql_client import GraphQLClient

PROGRAM = "example"
FIELDS = (
    "id personId program organizationId state requestedAt decidedAt decidedById decisionReason "
    "endedAt endedById endReason"
)
ERRORS = "errors { code field message }"


def _mutation(name: str, input_type: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) "
        f"{{ enrolment {{ {FIELDS} }} {ERRORS} }} }}"
    )


REQUEST = _mutation("requestEnrolment", "RequestEnrolmentInput")
DECIDE = _mutation("decideEnrolment", "DecideEnrolmentInput")
WITHDRAW = _mutation("withdrawEnrolment", "EndEnrolmentInput")
CLOSE = _mutation("closeEnrolment", "EndEnrolmentInput")
MINE = f"query($program: String) {{ myEnrolments(program: $program) {{ {FIELDS} }} }}"
ENROLMENTS = f"""
query($org: ID!, $program: String!, $state: EnrolmentState) {{
  enrolments(organizationId: $org, program: $program, state: $state) {{ nodes {{ {FIELDS} }} }}
}}"""
NOTIFICATIONS = "query { me { notifications { nodes { kind message } } } }"
DUE_ITEMS = """
query { me {
  open: dueItems { nodes { title } }
  all: dueItems(includeCompleted: true) { nodes { title closedAt } }
} }
"""
CREATE_DUE_ITEM = """
mutation($input: CreateDueItemInput!) {
  createDueItem(input: $input) { dueItem { id } errors { code message } }
}"""


@dataclass
class Office:
    """An organization of the example program: its staff, and a person who may ask to join."""

    organization: str
    staff: GraphQLClient
    person: str
    client: GraphQLClient


async def office(make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]) -> Office:
    organization = await make.organization()
    staff, person = [await make.person(organization=organization) for _ in range(2)]
    await gql.mutate(
        ASSIGN_ROLE,
        personId=staff,
        organizationId=organization,
        program=PROGRAM,
        role="PROGRAM_STAFF",
    )
    return Office(organization, client_for(staff), person, client_for(person))


async def requested(o: Office) -> dict[str, Any]:
    """The person's new enrolment (the payload's), failing the test if it is refused."""
    payload = await o.client.mutate(REQUEST, program=PROGRAM, organizationId=o.organization)
    return payload["enrolment"]


async def approved(o: Office) -> dict[str, Any]:
    enrolment = await requested(o)
    return (await o.staff.mutate(DECIDE, enrolmentId=enrolment["id"], approve=True))["enrolment"]


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def error_code(body: dict[str, Any]) -> str:
    (error,) = body["errors"]
    return error["extensions"]["code"]


async def notifications(client: GraphQLClient) -> list[tuple[str, str]]:
    me = (await client.data(NOTIFICATIONS))["me"]
    return [(n["kind"], n["message"]) for n in me["notifications"]["nodes"]]
