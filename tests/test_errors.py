"""Bad input, as a client meets it: a stable code, a readable message, no stack trace, and
nothing half-written. One test per class of problem, through the public GraphQL HTTP API."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from core.activities import service as activities
from core.activities.models import Participation
from core.app import create_app
from core.db import Database
from core.errors import RuleViolation
from core.graphql.relay import from_global_id, to_global_id
from core.groups.models import Group, Membership
from core.people import service as directory
from core.people.models import Organization
from core.settings import Settings
from tests.factories import (
    CREATE_GROUP,
    CREATE_ORGANIZATION,
    JOIN_GROUP,
    RECORD_PARTICIPATION,
    Factory,
    unique,
)
from tests.graphql_client import GraphQLClient

NO_SUCH_GROUP = to_global_id("Group", 999999)
ORGANIZATIONS = "{ organizations(first: 1) { edges { node { id name } } } }"


async def post(gql: GraphQLClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    """The raw HTTP response, so tests can read the exact text a client receives."""
    return await gql.http.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=gql.headers
    )


def only_error(response: httpx.Response) -> dict[str, Any]:
    """The single GraphQL error of a response, after checking it leaks no stack trace."""
    text = response.text
    assert "Traceback" not in text
    assert 'File "' not in text
    (error,) = response.json()["errors"]
    assert "stacktrace" not in (error.get("extensions") or {})
    return error


def code_of(error: dict[str, Any]) -> str | None:
    return (error.get("extensions") or {}).get("code")


def pk(global_id: str) -> int:
    return from_global_id(global_id)[1]


async def count(database: Database, model: type, *where: Any) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def test_malformed_query_is_parse_failed(gql: GraphQLClient) -> None:
    error = only_error(await post(gql, "{ organizations(first: 1) { edges { node { id "))

    assert code_of(error) == "GRAPHQL_PARSE_FAILED"
    assert error["message"].startswith("Syntax Error")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ organizations(first: 1) { edges { node { nope } } } }", "Cannot query field 'nope'"),
        ('{ organizations(first: "ten") { edges { node { id } } } }', "Int cannot represent"),
    ],
    ids=["unknown-field", "literal-of-wrong-type"],
)
async def test_query_not_matching_schema_is_validation_failed(
    gql: GraphQLClient, query: str, expected: str
) -> None:
    error = only_error(await post(gql, query))

    assert code_of(error) == "GRAPHQL_VALIDATION_FAILED"
    assert expected in error["message"]


async def test_variable_of_wrong_type_is_bad_user_input(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    name = unique("Group")
    variables = {
        "input": {
            "organizationId": await make.organization(),
            "kind": "example.circle",
            "name": name,
            "capacity": "twelve",
        }
    }

    error = only_error(await post(gql, CREATE_GROUP, variables))

    assert code_of(error) == "BAD_USER_INPUT"
    assert error["message"].startswith("Variable '$input' has invalid value at .capacity")
    assert "Int cannot represent non-integer value" in error["message"]
    assert await count(database, Group, Group.name == name) == 0


async def test_malformed_global_id_is_bad_user_input(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    person = await make.person()
    variables = {"input": {"groupId": "not-an-id", "personId": person}}

    error = only_error(await post(gql, JOIN_GROUP, variables))

    assert code_of(error) == "BAD_USER_INPUT"
    assert error["message"] == "'not-an-id' is not a valid ID."
    assert await count(database, Membership, Membership.person_id == pk(person)) == 0


async def test_id_of_missing_row_is_not_found(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    person = await make.person()
    variables = {"input": {"groupId": NO_SUCH_GROUP, "personId": person}}

    error = only_error(await post(gql, JOIN_GROUP, variables))

    assert code_of(error) == "NOT_FOUND"
    assert error["message"] == "No such group."
    assert await count(database, Membership, Membership.person_id == pk(person)) == 0


async def test_id_of_wrong_type_is_not_found(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    person = await make.person()
    variables = {"input": {"groupId": person, "personId": person}}

    error = only_error(await post(gql, JOIN_GROUP, variables))

    assert code_of(error) == "NOT_FOUND"
    assert error["message"] == f"No Group with ID {person!r}."
    assert await count(database, Membership, Membership.person_id == pk(person)) == 0


async def test_node_of_missing_row_is_null_without_errors(gql: GraphQLClient) -> None:
    body = await gql.execute("query($id: ID!) { node(id: $id) { id } }", {"id": NO_SUCH_GROUP})

    assert "errors" not in body
    assert body["data"] == {"node": None}


@pytest.mark.parametrize(
    "unreachable_url",
    [
        "sqlite+aiosqlite:////nonexistent-peerlearn-dir/x.db",
        "postgresql+asyncpg://postgres@127.0.0.1:1/nothing",
    ],
    ids=["sqlite", "postgresql"],
)
async def test_database_down_is_service_unavailable(
    example_site: Path, unreachable_url: str
) -> None:
    """Separate app on a database that cannot be reached: clients are told to retry later, and
    readiness (not liveness) fails so an orchestrator stops routing traffic to it."""
    app = create_app(Settings(database_url=unreachable_url, programs=("example",), environ={}))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://down.test") as http:
            response = await http.post("/graphql", json={"query": ORGANIZATIONS})
            ready = await http.get("/readyz")
            healthy = await http.get("/healthz")
    finally:
        await app.state.database.dispose()

    error = only_error(response)
    assert code_of(error) == "SERVICE_UNAVAILABLE"
    assert error["message"] == "The database is unavailable right now; try again shortly."
    assert "127.0.0.1" not in response.text
    assert "nonexistent" not in response.text
    assert ready.status_code == 503
    assert healthy.status_code == 200


async def test_unexpected_exception_is_internal_without_detail(
    gql: GraphQLClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service writes first and then fails, so the test also proves the write is undone."""
    real = directory.create_organization

    async def fail_after_writing(*args: Any, **kwargs: Any) -> Organization:
        await real(*args, **kwargs)
        raise RuntimeError("secret detail")

    monkeypatch.setattr(directory, "create_organization", fail_after_writing)
    name = unique("Org")

    response = await post(gql, CREATE_ORGANIZATION, {"input": {"name": name, "kind": "x"}})

    error = only_error(response)
    assert code_of(error) == "INTERNAL"
    assert error["message"] == "Internal server error."
    assert "secret detail" not in response.text
    assert "RuntimeError" not in response.text
    assert await count(database, Organization, Organization.name == name) == 0


async def test_refusal_after_a_write_leaves_nothing_written(
    gql: GraphQLClient, make: Factory, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """award_for_participation runs after the participation row is flushed: refusing there
    must roll the participation back with it."""

    async def refuse(*args: Any, **kwargs: Any) -> None:
        raise RuleViolation.single("TEST-RULE", "refused")

    monkeypatch.setattr(activities, "award_for_participation", refuse)
    activity, person = await make.activity(hours=2), await make.person()

    payload = await gql.payload(
        RECORD_PARTICIPATION, activityId=activity, personId=person, hours=str(Decimal(2))
    )

    assert payload["errors"] == [{"code": "TEST-RULE", "field": None, "message": "refused"}]
    assert payload["participation"] is None
    written = await count(
        database,
        Participation,
        Participation.activity_id == pk(activity),
        Participation.person_id == pk(person),
    )
    assert written == 0


async def test_rule_refusal_is_payload_error_with_rule_id(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    group, moa = await make.group(kind="example.circle"), await make.person("MOA")

    response = await post(gql, JOIN_GROUP, {"input": {"groupId": group, "personId": moa}})

    body = response.json()
    assert "errors" not in body
    payload = body["data"]["joinGroup"]
    assert payload["membership"] is None
    assert payload["errors"] == [
        {
            "code": "EX-PHYSICIAN",
            "field": None,
            "message": "Only physicians take part in example circles.",
        }
    ]
    assert await count(database, Membership, Membership.person_id == pk(moa)) == 0


async def test_rule_refusing_a_query_is_error_with_rule_id_invalid(
    gql: GraphQLClient, make: Factory
) -> None:
    """A query has no payload to carry a rule's refusal: it is the error's code and message
    (found by tests/test_fuzz.py, where it was INTERNAL)."""
    group = await make.group(kind="example.circle")
    query = "query($id: ID!) { qigPip(groupId: $id) { __typename } }"

    error = only_error(await post(gql, query, {"id": group}))

    assert code_of(error) == "INVALID"
    assert error["message"].endswith(" is not a QI Group.")


async def test_query_deeper_than_limit_is_validation_failed(
    gql: GraphQLClient, settings: Settings
) -> None:
    levels = settings.max_query_depth // 2 + 1
    query = (
        "query($id: ID!) { node(id: $id) { ... on Group { "
        + "children { parent { " * levels
        + "name"
        + " } }" * levels
        + " } } }"
    )

    error = only_error(await post(gql, query, {"id": NO_SUCH_GROUP}))

    assert code_of(error) == "GRAPHQL_VALIDATION_FAILED"
    assert "exceeds maximum operation depth" in error["message"]
