"""Exports stream: the rows are read a batch at a time and sent as they are written, so the
memory an export takes stays that of one batch however many people an organization has."""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import AsyncIterator, Sequence

import pytest
from starlette.applications import Starlette
from starlette.types import Message, Scope

from core.access import load_viewer
from core.db import Database
from core.exports.csv import BATCH, csv_chunks
from core.exports.documents import core_exports
from core.graphql.relay import from_global_id
from core.people.models import Person, Profession, Role, RoleAssignment
from tests.exports_support import Clients
from tests.factories import Factory

PEOPLE = 4 * BATCH + 1


@pytest.fixture(scope="module")
async def crowded(make: Factory, database: Database) -> str:
    """An organization of a few thousand people, written in one go (the API would take
    minutes to register them one by one)."""
    organization = await make.organization()
    _, pk = from_global_id(organization)
    async with database.write() as session:
        people = [
            Person(
                given_name="Crowd",
                family_name=f"Member {n:05d}",
                email=f"{uuid.uuid4().hex}@example.org",
                profession=Profession.FAMILY_PHYSICIAN,
            )
            for n in range(PEOPLE)
        ]
        session.add_all(people)
        await session.flush()
        session.add_all(
            RoleAssignment(person_id=p.id, organization_id=pk, role=Role.MEMBER) for p in people
        )
    return organization


async def _body_messages(app: Starlette, path: str, query: str, token: str) -> list[Message]:
    """The response's messages as the server sends them (an HTTP client joins them)."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(b"authorization", token.encode()), (b"host", b"peerlearn.test")],
        "client": ("127.0.0.1", 1234),
        "server": ("peerlearn.test", 80),
    }
    sent: list[Message] = []
    requested = False
    done = asyncio.Event()

    async def receive() -> Message:
        """The request once, then nothing until the response is complete: a client that stays."""
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    await app(scope, receive, send)
    assert sent[0]["status"] == 200
    return [m for m in sent if m["type"] == "http.response.body" and m.get("body")]


async def test_a_large_export_is_sent_in_chunks_of_one_batch(
    crowded: str, client_for: Clients, platform_admin: int, app: Starlette
) -> None:
    token = client_for(platform_admin).headers["Authorization"]

    sent = await _body_messages(app, "/exports/roster.csv", f"organizationId={crowded}", token)

    assert len(sent) == 1 + math.ceil(PEOPLE / BATCH)  # the header, then one per batch
    assert b"".join(m["body"] for m in sent).decode("utf-8").count("\r\n") == 1 + PEOPLE


async def test_the_first_rows_are_sent_before_the_rest_are_read(
    crowded: str, app: Starlette, database: Database, platform_admin: int
) -> None:
    (roster,) = [s for s in core_exports(app.state.registry) if s.name == "roster"]
    read = 0

    async def counted(rows: AsyncIterator[Sequence[object]]) -> AsyncIterator[Sequence[object]]:
        nonlocal read
        async for row in rows:
            read += 1
            yield row

    async with database.read() as session:
        viewer = await load_viewer(session, platform_admin)
        scope = await roster.check(session, viewer, {"organizationId": crowded})
        chunks = csv_chunks(roster.columns, counted(roster.rows(session, scope)))
        header = await anext(chunks)
        first = await anext(chunks)
        await chunks.aclose()

    assert header.decode("utf-8").startswith("\ufeffgiven_name,")
    assert first.decode("utf-8").count("\r\n") == BATCH
    assert read == BATCH < PEOPLE
