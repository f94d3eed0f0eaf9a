"""CONFLICT on edits people make by hand (``core.versions``), through the API on SQLite and
PostgreSQL, for every such record: a person's profile, a monthly call's notes (Learning
Collaborative), a series' theme (PSP). An edit sending a stale version is refused on its
``version`` field and writes nothing; one sending the current version applies and raises it;
one sending none applies as before; of eight edits of one version sent at once, exactly one
applies. (Plans and their goals carry a required version of their own: test_core_plans.py.)"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient
from tests.lc_support import SCHEDULE_CALL, Lc
from tests.psp_support import CREATE_SERIES

CONCURRENT_EDITS = 8
ERRORS = "errors { code field message }"
Clients = Callable[[int | str | None], GraphQLClient]


def _edit(field: str, type_name: str, payload_field: str) -> str:
    return f"""
mutation($input: {type_name}!) {{
  {field}(input: $input) {{ edited: {payload_field} {{ version }} {ERRORS} }}
}}"""


@dataclass
class Edited:
    """One record a person edits by hand, as a frontend edits it and reads it back."""

    client: GraphQLClient
    mutation: str
    target: dict[str, Any]
    change: Callable[[str], dict[str, Any]]
    read: Callable[[], Awaitable[tuple[str, int]]]

    async def edit(self, text: str, version: int | None = None) -> dict[str, Any]:
        given = {} if version is None else {"version": version}
        return await self.client.payload(self.mutation, **self.target, **self.change(text), **given)


async def _person(gql: GraphQLClient, make: Factory, client_for: Clients) -> Edited:
    person = await make.person()
    query = "query($id: ID!) { node(id: $id) { ... on Person { givenName version } } }"

    async def read() -> tuple[str, int]:
        node = (await gql.data(query, {"id": person}))["node"]
        return node["givenName"], node["version"]

    return Edited(
        client_for(person),
        _edit("updatePerson", "UpdatePersonInput", "person"),
        {"personId": person},
        lambda text: {"givenName": text},
        read,
    )


async def _call_notes(gql: GraphQLClient, make: Factory, client_for: Clients) -> Edited:
    lc = await Lc(gql, make, client_for).start()
    scheduled = await lc.f.mutate(
        SCHEDULE_CALL,
        collaborativeId=lc.collaborative,
        title="February call",
        startsAt="2026-02-10T17:00:00+00:00",
        endsAt="2026-02-10T18:00:00+00:00",
    )
    call = scheduled["call"]["id"]
    query = "query($id: ID!) { lcMonthlyCalls(collaborativeId: $id) { id notes version } }"

    async def read() -> tuple[str, int]:
        (shown,) = (await lc.f.data(query, {"id": lc.collaborative}))["lcMonthlyCalls"]
        assert shown["id"] == call
        return shown["notes"], shown["version"]

    return Edited(
        lc.f,
        _edit("lcKeepCallNotes", "LcKeepCallNotesInput", "call"),
        {"callId": call},
        lambda text: {"notes": text},
        read,
    )


async def _series_theme(gql: GraphQLClient, make: Factory, client_for: Clients) -> Edited:
    office = await make.organization()
    created = await gql.mutate(CREATE_SERIES, organizationId=office, title=unique("Series"))
    series = created["series"]["id"]

    async def read() -> tuple[str, int]:
        listed = (await gql.data("{ pspSeries { id theme version } }"))["pspSeries"]
        (shown,) = [s for s in listed if s["id"] == series]
        return shown["theme"], shown["version"]

    return Edited(
        gql,
        _edit("pspAdaptSeries", "PspAdaptSeriesInput", "series"),
        {"seriesId": series},
        lambda text: {"theme": text, "content": "Adapted."},
        read,
    )


@pytest.fixture(params=[_person, _call_notes, _series_theme], ids=["person", "call", "series"])
async def edited(
    request: pytest.FixtureRequest, gql: GraphQLClient, make: Factory, client_for: Clients
) -> Edited:
    made: Edited = await request.param(gql, make, client_for)
    return made


def codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def test_conflict_stale_version_is_refused_and_nothing_overwritten(edited: Edited) -> None:
    first = await edited.edit("Mine", version=1)
    second = await edited.edit("Theirs", version=1)

    assert not first["errors"]
    assert codes(second) == [("CONFLICT", "version")]
    assert "version 2" in second["errors"][0]["message"]
    assert second["edited"] is None
    assert await edited.read() == ("Mine", 2)


async def test_conflict_current_version_applies_and_is_raised(edited: Edited) -> None:
    first = await edited.edit("One", version=1)
    second = await edited.edit("Two", version=2)

    assert (first["errors"], first["edited"]) == ([], {"version": 2})
    assert (second["errors"], second["edited"]) == ([], {"version": 3})
    assert await edited.read() == ("Two", 3)


async def test_conflict_not_asked_without_a_version(edited: Edited) -> None:
    await edited.edit("Mine", version=1)
    unversioned = await edited.edit("Theirs")

    assert (unversioned["errors"], unversioned["edited"]) == ([], {"version": 3})
    assert await edited.read() == ("Theirs", 3)


async def test_conflict_exactly_one_of_8_concurrent_edits_of_one_version_applies(
    edited: Edited,
) -> None:
    payloads = await asyncio.gather(
        *(edited.edit(f"Edit {n}", version=1) for n in range(CONCURRENT_EDITS))
    )

    won = [n for n, p in enumerate(payloads) if not p["errors"]]
    lost = [p for p in payloads if p["errors"]]
    assert len(won) == 1
    assert {c for p in lost for c in codes(p)} == {("CONFLICT", "version")}
    assert await edited.read() == (f"Edit {won[0]}", 2)
