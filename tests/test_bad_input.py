"""Input a new user might send that once crashed the service: each is refused with a specific
code (BAD_USER_INPUT, NOT_FOUND or a payload error), writes nothing, and never reads as
INTERNAL, SERVICE_UNAVAILABLE or HTTP 500. Through the public GraphQL HTTP API."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from core.activities.models import Activity, Participation
from core.db import Database
from core.graphql.relay import from_global_id
from core.groups.models import Membership
from core.people import service as directory
from core.people.models import Organization, Person
from tests.factories import (
    CREATE_ACTIVITY,
    CREATE_ORGANIZATION,
    CREATE_PERSON,
    JOIN_GROUP,
    Factory,
    unique,
)
from tests.graphql_client import GraphQLClient

out_of_range = pytest.mark.parametrize(
    "number", [2**31, 10**30, 0], ids=["int4-max-plus-one", "ten-to-30", "zero"]
)
NODE = "query($id: ID!) { node(id: $id) { id } }"
TRANSCRIPT = (
    "query($id: ID!, $start: Date) { transcript(personId: $id, cycleStart: $start) { total } }"
)
RECORD_HOURS = """
mutation($input: RecordParticipationInput!) {
  recordParticipation(input: $input) { participation { hours } errors { code field message } }
}"""


def encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


async def post(gql: GraphQLClient, query: str, variables: dict[str, Any]) -> httpx.Response:
    return await gql.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=gql.headers
    )


def codes(response: httpx.Response) -> list[str]:
    """The code of every GraphQL error of a response that is a proper GraphQL answer."""
    assert response.status_code == 200, response.text
    return [e["extensions"]["code"] for e in response.json().get("errors", [])]


def only_error(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    (error,) = response.json()["errors"]
    return error


async def count(database: Database, model: type, *where: Any) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def pk(global_id: str) -> int:
    return from_global_id(global_id)[1]


# --- Global IDs and cursors ----------------------------------------------------------------------


@out_of_range
async def test_null_node_for_global_id_out_of_range(gql: GraphQLClient, number: int) -> None:
    body = (await post(gql, NODE, {"id": encode(f"Person:{number}")})).json()

    assert "errors" not in body
    assert body["data"] == {"node": None}


@out_of_range
async def test_not_found_global_id_out_of_range_in_query_argument(
    gql: GraphQLClient, number: int
) -> None:
    missing = encode(f"Person:{number}")

    error = only_error(await post(gql, TRANSCRIPT, {"id": missing}))

    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["message"] == f"No Person with ID {missing!r}."


@out_of_range
async def test_not_found_global_id_out_of_range_in_mutation_input(
    gql: GraphQLClient, make: Factory, database: Database, number: int
) -> None:
    person = await make.person()
    variables = {"input": {"groupId": encode(f"Group:{number}"), "personId": person}}

    error = only_error(await post(gql, JOIN_GROUP, variables))

    assert error["extensions"]["code"] == "NOT_FOUND"
    assert await count(database, Membership, Membership.person_id == pk(person)) == 0


@pytest.mark.parametrize("number", [2**31, 10**30], ids=["int4-max-plus-one", "ten-to-30"])
async def test_bad_user_input_cursor_out_of_range(gql: GraphQLClient, number: int) -> None:
    cursor = encode(f"cursor:{number}")
    query = "query($after: String) { people(first: 1, after: $after) { nodes { id } } }"

    error = only_error(await post(gql, query, {"after": cursor}))

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == f"{cursor!r} is not a valid cursor."


# --- Decimals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "says"),
    [
        ("NaN", "is not a finite decimal number"),
        ("sNaN", "is not a finite decimal number"),
        ("Infinity", "is not a finite decimal number"),
        ("-Infinity", "is not a finite decimal number"),
        ("1E+999999", "is out of range"),
        ("1E-999999", "is out of range"),
    ],
)
async def test_bad_user_input_decimal_not_finite_or_absurd(
    gql: GraphQLClient, make: Factory, database: Database, hours: str, says: str
) -> None:
    activity, person = await make.activity(hours=2), await make.person()
    variables = {"input": {"activityId": activity, "personId": person, "hours": hours}}

    error = only_error(await post(gql, RECORD_HOURS, variables))

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert f'"{hours}" {says}' in error["message"]
    written = await count(database, Participation, Participation.person_id == pk(person))
    assert written == 0


async def test_validation_failed_decimal_literal_not_finite(
    gql: GraphQLClient, make: Factory
) -> None:
    """Written into the query itself, a bad literal fails validation like any other."""
    activity, person = await make.activity(hours=2), await make.person()
    fields = f'activityId: "{activity}", personId: "{person}", hours: "NaN"'
    query = f"mutation {{ recordParticipation(input: {{{fields}}}) {{ errors {{ code }} }} }}"

    error = only_error(await post(gql, query, {}))

    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert '"NaN" is not a finite decimal number' in error["message"]


# --- Dates at the ends of the calendar -----------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        ("0001-01-01T04:00:00+05:00", "0001-01-01T07:00:00+05:00"),
        ("9999-12-31T17:00:00-05:00", "9999-12-31T20:00:00-05:00"),
    ],
    ids=["before-the-calendar-in-utc", "after-the-calendar-in-utc"],
)
async def test_bad_user_input_datetime_outside_the_calendar_in_utc(
    gql: GraphQLClient, make: Factory, database: Database, starts_at: str, ends_at: str
) -> None:
    title = unique("Workshop")
    variables = {
        "input": {
            "organizationId": await make.organization(),
            "kind": "example.workshop",
            "title": title,
            "startsAt": starts_at,
            "endsAt": ends_at,
        }
    }

    error = only_error(await post(gql, CREATE_ACTIVITY, variables))

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "is outside the calendar once converted to UTC" in error["message"]
    assert await count(database, Activity, Activity.title == title) == 0


@pytest.mark.parametrize("cycle_start", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
async def test_invalid_cycle_start_outside_possible_cycles(
    gql: GraphQLClient, make: Factory, database: Database, cycle_start: str
) -> None:
    email = f"{uuid.uuid4().hex}@example.org"
    payload = await gql.payload(
        CREATE_PERSON,
        organizationId=await make.organization(),
        givenName="Test",
        familyName=unique("Person").replace(" ", "-"),
        email=email,
        profession="MOA",
        cycleStart=cycle_start,
    )

    assert payload["person"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", "cycleStart")]
    assert await count(database, Person, Person.email == email) == 0


@pytest.mark.parametrize("cycle_start", ["0001-01-01", "9999-12-31"])
async def test_bad_user_input_transcript_cycle_start_out_of_range(
    gql: GraphQLClient, make: Factory, cycle_start: str
) -> None:
    person = await make.person()

    error = only_error(await post(gql, TRANSCRIPT, {"id": person, "start": cycle_start}))

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("cycleStart: A cycle starts between 1900-01-01")


async def test_bad_user_input_beside_an_alias_waiting_for_the_same_person(
    gql: GraphQLClient, make: Factory
) -> None:
    """A failed field makes graphql-core cancel its sibling fields. A sibling in another alias
    that waits for the same person's roles must still get them, not end the request in HTTP
    500 with a cancellation it never asked for."""
    person = await make.person("MOA")
    query = """query($id: ID!) {
      a: node(id: $id) {
        ... on Person { roles { role } transcript(cycleStart: "0001-01-01") { total } }
      }
      b: node(id: $id) { ... on Person { roles { role } } }
    }"""

    response = await post(gql, query, {"id": person})

    assert codes(response) == ["BAD_USER_INPUT"]
    assert response.json()["data"] == {"a": None, "b": {"roles": [{"role": "MEMBER"}]}}


# --- Searches ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field",
    ["people(first: 5, search: $search)", "pwResources(first: 5, search: $search)"],
    ids=["people", "pwResources"],
)
@pytest.mark.parametrize(
    "search",
    ["%_" * 3000, "a" * 100_000, "ab " * 5000],
    ids=["wildcards", "one-long-word", "many-words"],
)
async def test_bad_user_input_search_too_long(gql: GraphQLClient, field: str, search: str) -> None:
    query = f"query($search: String) {{ {field} {{ nodes {{ id }} }} }}"

    error = only_error(await post(gql, query, {"search": search}))

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "search is at most 100 characters long."


async def test_search_wildcards_match_themselves(gql: GraphQLClient, make: Factory) -> None:
    organization, family = await make.organization(), unique("Wild").replace(" ", "-")
    await make.person("MOA", organization=organization, familyName=f"{family}%x")
    await make.person("MOA", organization=organization, familyName=f"{family}yx")
    query = "query($search: String) { people(first: 5, search: $search) { nodes { familyName } } }"

    data = await gql.data(query, {"search": f"{family}%x"})

    assert [n["familyName"] for n in data["people"]["nodes"]] == [f"{family}%x"]


# --- Unique constraints --------------------------------------------------------------------------


async def _insert_organization(session: Any, name: str) -> Organization:
    organization = Organization(name=name, kind="association")
    session.add(organization)
    await session.flush()
    return organization


async def test_unique_when_the_same_constraint_refuses_the_rerun(
    gql: GraphQLClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A service that does not check a unique column: the clash is the same every time, so it
    is reported as such, never as a request made at the same time."""
    monkeypatch.setattr(
        directory,
        "create_organization",
        lambda session, viewer, name, kind, parent_id: _insert_organization(session, name),
    )
    name = unique("Org")
    await gql.mutate(CREATE_ORGANIZATION, name=name, kind="association")

    payload = await gql.payload(CREATE_ORGANIZATION, name=name, kind="association")

    assert payload["organization"] is None
    assert payload["errors"] == [
        {"code": "UNIQUE", "field": None, "message": "Another record already has the same name."}
    ]
    assert await count(database, Organization, Organization.name == name) == 1


async def test_unique_rule_of_the_service_when_the_rerun_sees_the_row(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first attempt inserts before its check could see the other request's row (as a race
    would); the rerun's own check then refuses with the service's code and field."""
    real = directory.create_organization
    attempts: list[str] = []

    async def racing(session: Any, viewer: Any, name: str, kind: str, **kw: Any) -> Organization:
        attempts.append(name)
        if len(attempts) == 1:
            return await _insert_organization(session, name)
        return await real(session, viewer, name, kind, **kw)

    name = unique("Org")
    await gql.mutate(CREATE_ORGANIZATION, name=name, kind="association")
    monkeypatch.setattr(directory, "create_organization", racing)

    payload = await gql.payload(CREATE_ORGANIZATION, name=name, kind="association")

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("UNIQUE", "name")]
    assert attempts == [name, name]


async def test_conflict_when_the_rerun_clashes_on_another_constraint(
    gql: GraphQLClient, make: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another constraint refusing the rerun may still be another request's doing."""
    first, second = await make.person("MOA"), await make.person("MOA")
    taken = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Person { email } } }", {"id": second}
    )
    name = unique("Org")
    await gql.mutate(CREATE_ORGANIZATION, name=name, kind="association")
    attempts: list[int] = []

    async def clashing(session: Any, viewer: Any, name: str, kind: str, **_: Any) -> Organization:
        attempts.append(1)
        if len(attempts) == 1:
            return await _insert_organization(session, name)
        person = await session.get(Person, pk(first))
        person.email = taken["node"]["email"]
        await session.flush()
        raise AssertionError("unreachable: the flush clashes")

    monkeypatch.setattr(directory, "create_organization", clashing)

    payload = await gql.payload(CREATE_ORGANIZATION, name=name, kind="association")

    assert [e["code"] for e in payload["errors"]] == ["CONFLICT"]
    assert len(attempts) == 2
