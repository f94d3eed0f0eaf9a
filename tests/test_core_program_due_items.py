"""Due items a program sets and completes through core (``schedule_due_item``,
``complete_for_program``): its own kinds only, for a person who exists, completed once."""

from __future__ import annotations

from datetime import date

import pytest

from core.db import Database, utcnow
from core.due_items import service as due_items
from core.due_items.models import DueItem
from core.errors import NotFound
from core.settings import Settings
from tests.core_service_support import organization_and_person, refusal_codes, registry_of
from tests.factories import Factory

PW = "ocfp_practising_well"
SURVEY = f"{PW}.progress_survey"
READING = "example.reading"
DUE = date(2030, 1, 31)


async def _schedule(
    database: Database, settings: Settings, person_id: int, program: str = PW, **fields: str
) -> DueItem:
    async with database.write() as session:
        return await due_items.schedule_due_item(
            session,
            registry_of(settings),
            program=program,
            person_id=person_id,
            kind=fields.get("kind", SURVEY),
            title=fields.get("title", "Progress survey"),
            due_on=DUE,
            subject_id=7,
        )


async def _complete(
    database: Database, settings: Settings, item_id: int, program: str = PW
) -> DueItem:
    async with database.write() as session:
        return await due_items.complete_for_program(
            session, registry_of(settings), program=program, item_id=item_id
        )


async def test_schedule_due_item_sets_what_the_person_owes_the_program(
    database: Database, settings: Settings, make: Factory
) -> None:
    _, person = await organization_and_person(make)

    item = await _schedule(database, settings, person)

    async with database.read() as session:
        stored = await session.get(DueItem, item.id)
    assert stored is not None
    assert (stored.person_id, stored.program, stored.kind, stored.due_on, stored.subject_id) == (
        person,
        PW,
        SURVEY,
        DUE,
        7,
    )
    assert stored.completed_at is None


@pytest.mark.parametrize(
    ("program", "fields", "code"),
    [
        ("example", {"kind": SURVEY}, "CORE-UNKNOWN-KIND"),
        (PW, {"kind": READING}, "CORE-UNKNOWN-KIND"),
        (PW, {"kind": f"{PW}.unknown"}, "CORE-UNKNOWN-KIND"),
        (PW, {"title": " "}, "INVALID"),
        (PW, {"title": "x" * 201}, "INVALID"),
    ],
)
async def test_schedule_due_item_refuses_another_programs_kind_and_a_bad_title(
    database: Database,
    settings: Settings,
    make: Factory,
    program: str,
    fields: dict[str, str],
    code: str,
) -> None:
    _, person = await organization_and_person(make)

    assert await refusal_codes(_schedule(database, settings, person, program, **fields)) == [code]


async def test_schedule_due_item_refuses_a_person_who_does_not_exist(
    database: Database, settings: Settings
) -> None:
    with pytest.raises(NotFound, match="No such person"):
        await _schedule(database, settings, 2_000_000_000)


async def test_complete_for_program_completes_its_own_item_once(
    database: Database, settings: Settings, make: Factory
) -> None:
    _, person = await organization_and_person(make)
    item = await _schedule(database, settings, person)

    done = await _complete(database, settings, item.id)
    again = await refusal_codes(_complete(database, settings, item.id))

    assert done.completed_at is not None
    assert done.completed_at <= utcnow()
    assert again == ["CORE-DUE-DONE"]


async def test_complete_for_program_refuses_another_programs_item_and_a_closed_one(
    database: Database, settings: Settings, make: Factory
) -> None:
    _, person = await organization_and_person(make)
    item = await _schedule(database, settings, person)

    not_its_own = await refusal_codes(_complete(database, settings, item.id, "example"))
    async with database.write() as session:
        await due_items.close_open(session, person, SURVEY, utcnow())
    closed = await refusal_codes(_complete(database, settings, item.id))
    with pytest.raises(NotFound, match="No such due item"):
        await _complete(database, settings, 2_000_000_000)

    assert not_its_own == ["CORE-UNKNOWN-KIND"]
    assert closed == ["CORE-DUE-CLOSED"]
