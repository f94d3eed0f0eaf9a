"""``core.notifications.service.notify``: the one way a program tells a person something.
The message is kept with the caller's transaction, addressed to someone who exists, of a kind
named after its program, and never blank or longer than its column."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.db import Database
from core.errors import NotFound
from core.i18n import _
from core.notifications.models import Notification
from core.notifications.service import MESSAGE_LENGTH, notify
from tests.core_service_support import organization_and_person, refusal_codes
from tests.factories import Factory

PROGRAM = "ocfp_practising_well"


async def _messages(database: Database, person_id: int) -> list[tuple[str, str, str]]:
    async with database.read() as session:
        rows = await session.scalars(
            select(Notification)
            .where(Notification.person_id == person_id)
            .order_by(Notification.id)
        )
        return [(n.program, n.kind, n.message) for n in rows]


async def test_notify_records_the_message_of_the_programs_kind(
    database: Database, make: Factory
) -> None:
    _organization, person = await organization_and_person(make)
    async with database.write() as session:
        await notify(
            session, person_id=person, program=PROGRAM, kind=f"{PROGRAM}.match", message=_("Hi.")
        )

    assert await _messages(database, person) == [(PROGRAM, f"{PROGRAM}.match", "Hi.")]


async def test_notify_is_undone_with_a_refused_action(database: Database, make: Factory) -> None:
    _organization, person = await organization_and_person(make)

    async def refused_after_the_message() -> None:
        async with database.write() as session:
            await notify(
                session, person_id=person, program=PROGRAM, kind=f"{PROGRAM}.x", message=_("Hi.")
            )
            raise RuntimeError("the action was refused after the message")

    with pytest.raises(RuntimeError):
        await refused_after_the_message()

    assert await _messages(database, person) == []


@pytest.mark.parametrize(
    ("kind", "message", "code"),
    [
        ("example.match", "Hi.", "CORE-UNKNOWN-KIND"),
        (f"{PROGRAM}match", "Hi.", "CORE-UNKNOWN-KIND"),
        (f"{PROGRAM}.match", "  ", "INVALID"),
        (f"{PROGRAM}.match", "x" * (MESSAGE_LENGTH + 1), "INVALID"),
    ],
)
async def test_notify_refuses_another_programs_kind_and_a_blank_or_long_message(
    database: Database, make: Factory, kind: str, message: str, code: str
) -> None:
    _organization, person = await organization_and_person(make)
    async with database.write() as session:
        refused = notify(session, person_id=person, program=PROGRAM, kind=kind, message=_(message))
        assert await refusal_codes(refused) == [code]

    assert await _messages(database, person) == []


async def test_notify_refuses_a_person_who_does_not_exist(database: Database) -> None:
    async with database.write() as session:
        with pytest.raises(NotFound, match="No such person"):
            await notify(
                session,
                person_id=2_000_000_000,
                program=PROGRAM,
                kind=f"{PROGRAM}.match",
                message=_("Hi."),
            )
