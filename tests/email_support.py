"""What the email tests share: a real SMTP server on loopback (aiosmtpd, in a thread of its
own) that records what it is handed, and the delivery task run for a time the test gives."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from core.db import Database, utcnow
from core.i18n import _
from core.notifications.delivery import send_email
from core.notifications.models import EmailState, Notification
from core.notifications.service import notify
from core.people.models import Person
from core.plugin_host import load_registry
from core.registry import Registry
from core.settings import Settings

SENDER = "peerlearn@example.org"
PROGRAM = "ocfp_practising_well"
KIND = f"{PROGRAM}.match"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """What the server was handed: each message with its envelope recipients."""

    messages: list[tuple[list[str], Message]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


class MailServer:
    """An SMTP server that can be down (nothing listening on its port) and brought up."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class Mail:
    """A test's view of email: its messages recorded as a program records them, delivery
    run for the time it gives, and what the mail server received."""

    def __init__(self, database: Database, settings: Settings, server: MailServer) -> None:
        self.database, self.settings, self.server = database, settings, server

    def registry(self, **changes: object) -> Registry:
        """The programs loaded with email on, through the test's server."""
        return load_registry(
            self.settings.replace(
                smtp_host="127.0.0.1",
                smtp_port=self.server.port,
                smtp_security="none",
                smtp_from=SENDER,
                **changes,
            )
        )

    async def deliver(self, now: datetime, **changes: object) -> int:
        return await send_email(self.database, self.registry(**changes), now)

    async def tell(self, person: int, message: str, *, required: bool = False) -> int:
        """A message recorded for the person, committed; its ID."""
        async with self.database.write() as session:
            note = await notify(
                session,
                person_id=person,
                program=PROGRAM,
                kind=KIND,
                message=_(message),
                required=required,
            )
            await session.flush()
            return note.id

    async def received(self, person: int) -> list[Message]:
        async with self.database.read() as session:
            address = (await session.get_one(Person, person)).email
        return [m for recipients, m in self.server.inbox.messages if address in recipients]

    async def subjects(self, person: int) -> list[str]:
        return sorted(str(m["Subject"]) for m in await self.received(person))

    async def state(self, note: int) -> tuple[EmailState, int, str | None]:
        async with self.database.read() as session:
            row = await session.get_one(Notification, note)
            return row.email_state, row.email_attempts, row.email_error


@pytest.fixture
async def mail(database: Database, settings: Settings) -> AsyncIterator[Mail]:
    """Email through a mail server that is down until the test starts it. Other tests'
    messages are first skipped as email-off skips them, so only the test's own are sent."""
    await send_email(database, load_registry(settings), utcnow() + timedelta(days=3650))
    server = MailServer()
    yield Mail(database, settings, server)
    server.stop()
