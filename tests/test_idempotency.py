"""Idempotency keys: a mutation retried with its ``Idempotency-Key`` takes effect once and
answers its first answer again; the key is claimed in the transaction of the effect, belongs
to the person who sent it, and is forgotten after ``idempotency_key_hours``."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from core.db import Database, utcnow
from core.graphql.relay import from_global_id
from core.idempotency import http as idempotency_http
from core.idempotency.models import IdempotencyKey
from core.idempotency.service import forget_keys
from core.registry import Registry
from core.settings import Settings
from core.transcripts.models import ExternalCredit
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.migration_support import round_trip
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

Clients = Callable[[int | str | None], GraphQLClient]

RECORD = """
mutation($input: RecordExternalCreditInput!) {
  recordExternalCredit(input: $input) { externalCredit { id } errors { code field } }
}"""


def _credit(credits: str = "2") -> dict[str, Any]:
    variables = {
        "earnedOn": "2025-03-04",
        "provider": "Provincial CME office",
        "title": "Evening course",
        "credits": credits,
        "category": "certified",
    }
    return {"query": RECORD, "variables": {"input": variables}}


async def _send(client: GraphQLClient, body: dict[str, Any], key: str) -> httpx.Response:
    headers = {**client.headers, "Idempotency-Key": key}
    return await client.http.post("/graphql", json=body, headers=headers)


async def _credits_of(database: Database, person: str) -> int:
    _, pk = from_global_id(person)
    async with database.read() as session:
        count = await session.scalar(select(func.count()).where(ExternalCredit.person_id == pk))
    return int(count or 0)


async def _physician(make: Factory, client_for: Clients) -> tuple[str, GraphQLClient]:
    person = await make.person()
    return person, client_for(person)


def _code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


async def test_idempotency_same_key_and_request_replays_the_first_answer(
    make: Factory, client_for: Clients, database: Database
) -> None:
    person, own = await _physician(make, client_for)
    key = str(uuid.uuid4())
    first = await _send(own, _credit(), key)
    again = await _send(own, _credit(), key)
    assert first.json()["data"]["recordExternalCredit"]["errors"] == []
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await _credits_of(database, person) == 1


async def test_idempotency_replay_is_kept_by_no_cache(make: Factory, client_for: Clients) -> None:
    _, own = await _physician(make, client_for)
    key = str(uuid.uuid4())
    await _send(own, _credit(), key)
    again = await _send(own, _credit(), key)
    assert again.headers["Cache-Control"] == "no-store"


async def test_idempotency_key_looked_up_while_the_database_is_down_is_503(
    make: Factory, client_for: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, own = await _physician(make, client_for)

    async def down(*_args: Any) -> None:
        raise OperationalError("SELECT", {}, ConnectionRefusedError())

    monkeypatch.setattr(idempotency_http, "claimed", down)
    response = await _send(own, _credit(), str(uuid.uuid4()))
    assert (response.status_code, _code(response)) == (503, "SERVICE_UNAVAILABLE")
    assert response.headers["Retry-After"]


async def test_idempotency_same_request_in_other_spacing_and_order_is_the_same_request(
    make: Factory, client_for: Clients
) -> None:
    _, own = await _physician(make, client_for)
    key, body = str(uuid.uuid4()), _credit()
    first = await _send(own, body, key)
    reordered = orjson.dumps(dict(reversed(body.items())), option=orjson.OPT_INDENT_2)
    headers = {**own.headers, "Idempotency-Key": key, "Content-Type": "application/json"}
    again = await own.http.post("/graphql", content=reordered, headers=headers)
    assert again.content == first.content


async def test_idempotency_key_reused_for_another_request_is_refused(
    make: Factory, client_for: Clients, database: Database
) -> None:
    person, own = await _physician(make, client_for)
    key = str(uuid.uuid4())
    await _send(own, _credit("2"), key)
    other = await _send(own, _credit("3"), key)
    assert (other.status_code, _code(other)) == (422, "IDEMPOTENCY_KEY_REUSED")
    assert await _credits_of(database, person) == 1


async def test_idempotency_keys_belong_to_the_person_who_sent_them(
    make: Factory, client_for: Clients, database: Database
) -> None:
    first, first_client = await _physician(make, client_for)
    second, second_client = await _physician(make, client_for)
    key = str(uuid.uuid4())
    await _send(first_client, _credit(), key)
    theirs = await _send(second_client, _credit(), key)
    assert "Idempotent-Replayed" not in theirs.headers
    assert [await _credits_of(database, p) for p in (first, second)] == [1, 1]


async def test_idempotency_refused_mutation_claims_no_key(
    make: Factory, client_for: Clients, database: Database
) -> None:
    """A refusal took no effect: the key stays free for the corrected request."""
    person, own = await _physician(make, client_for)
    key = str(uuid.uuid4())
    refused = await _send(own, _credit("-1"), key)
    assert refused.json()["data"]["recordExternalCredit"]["errors"]
    corrected = await _send(own, _credit("2"), key)
    assert corrected.json()["data"]["recordExternalCredit"]["errors"] == []
    assert await _credits_of(database, person) == 1


async def test_idempotency_query_claims_no_key(make: Factory, client_for: Clients) -> None:
    _, own = await _physician(make, client_for)
    key = str(uuid.uuid4())
    await _send(own, {"query": "{ me { id } }"}, key)
    mutation = await _send(own, _credit(), key)
    assert mutation.json()["data"]["recordExternalCredit"]["errors"] == []


async def test_idempotency_same_key_at_the_same_time_takes_effect_once(
    make: Factory, client_for: Clients, database: Database
) -> None:
    person, own = await _physician(make, client_for)
    key = str(uuid.uuid4())
    answers = await asyncio.gather(*(_send(own, _credit(), key) for _ in range(8)))
    assert await _credits_of(database, person) == 1
    succeeded = [a for a in answers if (a.json().get("data") or {}).get("recordExternalCredit")]
    assert {a.content for a in succeeded} == {succeeded[0].content}
    others = [a for a in answers if a not in succeeded]
    assert {_code(a) for a in others} <= {"IDEMPOTENCY_KEY_IN_USE"}


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "tab\tkey"])
async def test_idempotency_key_invalid_is_refused(
    make: Factory, client_for: Clients, key: str
) -> None:
    _, own = await _physician(make, client_for)
    response = await _send(own, _credit(), key)
    assert (response.status_code, _code(response)) == (400, "IDEMPOTENCY_KEY_INVALID")


async def test_idempotency_keys_are_forgotten_after_their_hours(
    make: Factory, client_for: Clients, database: Database, settings: Settings
) -> None:
    person, own = await _physician(make, client_for)
    key = str(uuid.uuid4())
    await _send(own, _credit(), key)
    later = utcnow() + timedelta(hours=settings.idempotency_key_hours, minutes=1)
    assert await forget_keys(database, Registry((), settings), later) >= 1
    async with database.read() as session:
        assert await session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == key)) is None
    again = await _send(own, _credit(), key)
    assert "Idempotent-Replayed" not in again.headers
    assert await _credits_of(database, person) == 2


async def test_core_0022_adds_and_removes_idempotency_keys(fresh_url: str) -> None:  # noqa: F811
    assert await round_trip(fresh_url, "core_0022", {"core_idempotency_keys"}) == [
        {"core_idempotency_keys"},
        set(),
        {"core_idempotency_keys"},
    ]
