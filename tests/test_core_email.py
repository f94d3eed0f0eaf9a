"""Email delivery of notifications (issue "What physicians and staff hold in their hands",
item 4): the outbox is written with what caused a message and delivered after commit to a
real SMTP server on loopback, exactly once, also by many runs at once; retried with back-off
while the server is down; given up after the last attempt; a person taking required messages
only receives those. The task is driven for times the test gives, never by waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.db import Database, utcnow
from core.graphql.relay import to_global_id
from core.i18n import _
from core.notifications import outbox
from core.notifications.delivery import INTERRUPTED, LEASE, send_email, wait_after
from core.notifications.models import EmailState, Notification
from core.notifications.service import notify
from tests.authz_documents import ASSIGN_ROLE
from tests.core_service_support import organization_and_person
from tests.email_support import KIND, PROGRAM, SENDER, Mail, mail  # noqa: F401
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient

TITLE = "OCFP Practising Well"
MESSAGES, RUNS, WORKERS = 12, 8, 4
SET_PREFERENCE = """
mutation($input: SetEmailPreferenceInput!) {
  setEmailPreference(input: $input) { person { emailPreference } errors { code message } }
}"""
MARK_READ = """
mutation($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) { notifications { id readAt } errors { code message } }
}"""


async def _person(make: Factory) -> int:
    return (await organization_and_person(make))[1]


async def test_email_delivered_once_to_the_person_after_commit(
    mail: Mail,  # noqa: F811
    make: Factory,
) -> None:
    mail.server.start()
    person = await _person(make)
    note = await mail.tell(person, "You were matched with a mentor.\nSee your matches.")
    now = utcnow()

    assert await mail.deliver(now) == 1
    assert await mail.deliver(now + timedelta(hours=1)) == 0

    (received,) = await mail.received(person)
    assert received["From"] == SENDER
    assert received["Subject"] == f"{TITLE}: You were matched with a mentor."
    assert "See your matches." in received.get_payload()
    async with mail.database.read() as session:
        row = await session.get_one(Notification, note)
    assert (row.email_state, row.email_sent_at is not None) == (EmailState.SENT, True)


async def test_email_of_a_rolled_back_notification_is_never_sent(
    mail: Mail,  # noqa: F811
    make: Factory,
) -> None:
    mail.server.start()
    person = await _person(make)

    async def refused_after_the_message() -> None:
        async with mail.database.write() as session:
            await notify(session, person_id=person, program=PROGRAM, kind=KIND, message=_("Hi."))
            raise RuntimeError("the action that caused it was refused")

    with pytest.raises(RuntimeError):
        await refused_after_the_message()
    await mail.deliver(utcnow())

    assert await mail.received(person) == []


async def test_email_person_taking_required_only_receives_required_ones(
    mail: Mail,  # noqa: F811
    make: Factory,
    client_for: Callable[[int], GraphQLClient],
) -> None:
    mail.server.start()
    person = await _person(make)
    payload = await client_for(person).mutate(SET_PREFERENCE, preference="REQUIRED")
    assert payload["person"]["emailPreference"] == "REQUIRED"
    optional = await mail.tell(person, "A new resource was shared.")
    await mail.tell(person, "Your certificate is ready.", required=True)

    assert await mail.deliver(utcnow(), email_batch_size=1) == 1  # a skipped one ends no run

    assert await mail.subjects(person) == [f"{TITLE}: Your certificate is ready."]
    assert await mail.state(optional) == (
        EmailState.SKIPPED,
        0,
        "the person takes required messages only",
    )


async def test_email_retried_with_back_off_while_the_server_is_down(
    mail: Mail,  # noqa: F811
    make: Factory,
) -> None:
    person = await _person(make)
    note = await mail.tell(person, "Your request was approved.")
    now = utcnow()

    assert await mail.deliver(now) == 0
    state, attempts, error = await mail.state(note)
    assert (state, attempts) == (EmailState.PENDING, 1)
    assert str(error).startswith("SMTPConnectError: ")
    mail.server.start()
    assert await mail.deliver(now + wait_after(1) - timedelta(microseconds=1)) == 0
    assert await mail.deliver(now + wait_after(1)) == 1

    assert len(await mail.received(person)) == 1


async def test_email_given_up_after_the_last_attempt(
    mail: Mail,  # noqa: F811
    make: Factory,
) -> None:
    person = await _person(make)
    note = await mail.tell(person, "Your request was approved.")
    now = utcnow()

    for minutes in (0, 1, 3):  # the first attempt, then after waits of 1 and 2 minutes
        await mail.deliver(now + timedelta(minutes=minutes), email_max_attempts=3)
    mail.server.start()
    await mail.deliver(now + timedelta(days=1), email_max_attempts=3)

    state, attempts, error = await mail.state(note)
    assert (state, attempts) == (EmailState.FAILED, 3)
    assert str(error).startswith("SMTPConnectError: ")
    assert await mail.received(person) == []


async def test_email_runs_at_once_send_each_message_once(
    mail: Mail,  # noqa: F811
    make: Factory,
) -> None:
    """RUNS runs at once, over WORKERS engines as if that many processes ran the task, each
    claiming a message at a time: on PostgreSQL the claims truly race."""
    mail.server.start()
    person = await _person(make)
    for n in range(MESSAGES):
        await mail.tell(person, f"Message {n}")
    registry = mail.registry(email_batch_size=1)
    workers = [Database.from_settings(mail.settings) for _ in range(WORKERS)]
    now = utcnow()
    try:
        counts = await asyncio.gather(
            *(send_email(workers[i % WORKERS], registry, now) for i in range(RUNS))
        )
    finally:
        for worker in workers:
            await worker.dispose()

    assert sum(counts) == MESSAGES
    assert await mail.subjects(person) == sorted(f"{TITLE}: Message {n}" for n in range(MESSAGES))


async def test_email_of_a_stopped_worker_is_sent_after_its_lease_unless_it_was_handed_over(
    mail: Mail,  # noqa: F811
    make: Factory,
) -> None:
    """A worker stopped mid-batch: what it only claimed is sent by another once the lease
    expires; what it was handing over may have been sent, so it is never sent again."""
    mail.server.start()
    person = await _person(make)
    claimed = await mail.tell(person, "Claimed only")
    handing_over = await mail.tell(person, "Being handed over")
    now = utcnow()
    async with mail.database.write() as session:
        await outbox.claim(session, "stopped-worker", now, limit=2)
    async with mail.database.write() as session:
        assert await outbox.start_sending(session, handing_over, "stopped-worker", now)

    assert await mail.deliver(now + LEASE - timedelta(seconds=1)) == 0
    assert await mail.deliver(now + LEASE + timedelta(seconds=1)) == 1

    assert await mail.subjects(person) == [f"{TITLE}: Claimed only"]
    assert (await mail.state(claimed))[0] == EmailState.SENT
    assert await mail.state(handing_over) == (EmailState.FAILED, 1, INTERRUPTED)


async def test_mark_notifications_read_sets_read_at_of_ones_own(
    mail: Mail,  # noqa: F811
    make: Factory,
    client_for: Callable[[int], GraphQLClient],
) -> None:
    person = await _person(make)
    notes = [to_global_id("Notification", await mail.tell(person, "Hi.")) for _ in "ab"]

    payload = await client_for(person).mutate(MARK_READ, ids=notes)

    assert [n["id"] for n in payload["notifications"]] == notes
    assert all(n["readAt"] for n in payload["notifications"])


async def test_mark_notifications_read_of_someone_elses_is_forbidden_and_marks_none(
    mail: Mail,  # noqa: F811
    make: Factory,
    client_for: Callable[[int], GraphQLClient],
) -> None:
    person, other = await _person(make), await _person(make)
    own, theirs = await mail.tell(person, "Hi."), await mail.tell(other, "Hi.")
    ids = [to_global_id("Notification", n) for n in (own, theirs)]

    body: dict[str, Any] = await client_for(person).execute(MARK_READ, {"input": {"ids": ids}})

    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    async with mail.database.read() as session:
        read = await session.scalars(
            select(Notification.read_at).where(Notification.id.in_([own, theirs]))
        )
        assert list(read) == [None, None]


PREFERENCE = """
query($id: ID!) { node(id: $id) { ... on Person { emailPreference } } }"""


async def test_email_preference_seen_by_the_person_and_staff_not_by_a_facilitator(
    gql: GraphQLClient, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    organization = await make.organization()
    group = await make.group(organization=organization)
    person, coordinator, facilitator = [
        await make.person(organization=organization) for _ in range(3)
    ]
    await gql.mutate(
        ASSIGN_ROLE, personId=coordinator, organizationId=organization, role="COORDINATOR"
    )
    for member, role in ((facilitator, "FACILITATOR"), (person, "MEMBER")):
        await gql.mutate(JOIN_GROUP, groupId=group, personId=member, role=role)
    await client_for(person).mutate(SET_PREFERENCE, preference="REQUIRED")

    seen = [
        (await client_for(viewer).data(PREFERENCE, {"id": person}))["node"]
        for viewer in (person, coordinator, facilitator)
    ]

    assert seen == [{"emailPreference": "REQUIRED"}] * 2 + [{"emailPreference": None}]
