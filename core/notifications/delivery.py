"""Emailing notifications: the outbox and its delivery task.

A notification is written in the transaction of what caused it (``notify``), with its email
PENDING: a refused or rolled-back action leaves nothing to send, and a committed one always
does. The task (``core.send_email``, run by the worker or in process) then, per batch:

1. claims due messages in a transaction of its own (PENDING → CLAIMED, the attempt counted,
   the worker's ID and the time as a lease). Claiming skips rows another worker holds
   (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite has one writer at a time), so any
   number of workers share the work. A message the person will not receive (deactivated,
   or taking required messages only) is marked SKIPPED with the reason instead;
2. for each message, commits CLAIMED → SENDING, hands it to the mail server, and commits
   the outcome: SENT with the time; back to PENDING after a wait that doubles with each
   attempt (1, 2, 4… minutes) when the server did not take it; FAILED when the server
   refused it for good or the attempts ran out (``PEERLEARN_EMAIL_MAX_ATTEMPTS``), with the
   error, which never holds the SMTP password.

Never sent twice, so at most once: a message is handed over only from SENDING, which only
its claiming worker sets, and a SENT or SENDING message is never claimed again. A worker that
stops mid-batch leaves its lease to expire (``LEASE``): its CLAIMED messages, never handed
over, return to the queue; a SENDING one may or may not have reached the server, so it is
marked FAILED rather than risk a second copy. The same holds when the connection drops
during the DATA exchange (see ``mailer``). With email off (no ``PEERLEARN_SMTP_HOST``), due
messages are marked SKIPPED, so turning email on later sends no backlog of old news.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from core.db import Database, utcnow
from core.i18n import _, speaking
from core.notifications import mailer, outbox
from core.notifications.mailer import Outcome
from core.notifications.models import EmailState
from core.notifications.outbox import Outgoing
from core.registry import Registry
from core.settings import Settings

LEASE = timedelta(minutes=10)  # well over a batch's SMTP timeouts
FIRST_WAIT = timedelta(minutes=1)
MAX_BATCHES = 20  # a run that stops there leaves the rest to the next
EMAIL_OFF = "email is off (no PEERLEARN_SMTP_HOST)"
INTERRUPTED = (
    "delivery was interrupted while handing it to the mail server; not retried, as it may "
    "have been sent"
)


def wait_after(attempts: int) -> timedelta:
    """How long a message waits after its ``attempts``-th failed attempt."""
    return FIRST_WAIT * 2 ** (attempts - 1)


async def send_email(database: Database, registry: Registry, now: datetime) -> int:
    """Email what is due by ``now``; how many messages this run sent."""
    settings = registry.settings
    if not settings.email_enabled:
        async with database.write() as session:
            await outbox.skip_due(session, now, EMAIL_OFF)
        return 0
    async with database.write() as session:
        await outbox.release_expired(session, now - LEASE, INTERRUPTED)
    worker, sent = uuid.uuid4().hex, 0
    for _round in range(MAX_BATCHES):
        async with database.write() as session:
            batch, more = await outbox.claim(session, worker, now, settings.email_batch_size)
        for message in batch:
            sent += await _deliver(database, registry, worker, now, message)
        if not more:
            break
    return sent


async def _deliver(
    database: Database, registry: Registry, worker: str, now: datetime, message: Outgoing
) -> int:
    """Hand one claimed message over and record how it went; 1 if it was sent."""
    async with database.write() as session:
        if not await outbox.start_sending(session, message.id, worker, now):
            return 0
    settings = registry.settings
    result = await mailer.send(settings, _email(settings, registry, message))
    async with database.write() as session:
        await outbox.settle(session, message.id, worker, **_settled(settings, message, now, result))
    return int(result.outcome is Outcome.SENT)


def _settled(
    settings: Settings, message: Outgoing, now: datetime, result: mailer.Result
) -> dict[str, Any]:
    """The message's state after an attempt that ended with ``result``."""
    if result.outcome is Outcome.SENT:
        return {"email_state": EmailState.SENT, "email_sent_at": utcnow(), "email_error": None}
    if result.outcome is Outcome.RETRY and message.attempts < settings.email_max_attempts:
        return {
            "email_state": EmailState.PENDING,
            "email_next_attempt_at": now + wait_after(message.attempts),
            "email_claimed_at": None,
            "email_error": result.error,
        }
    error = f"{INTERRUPTED}: {result.error}" if result.outcome is Outcome.UNKNOWN else result.error
    return {"email_state": EmailState.FAILED, "email_error": error}


def _email(settings: Settings, registry: Registry, message: Outgoing) -> mailer.EmailMessage:
    """The message (stored in the person's language) with a subject and footer in it too:
    the worker has no request, so the language is the person's, set here."""
    with speaking(message.language):
        title = registry.title_of(message.program)
        footer = _(
            "{program} ({kind}), sent by peerlearn. To be emailed only what a program "
            "requires, change your email preference.",
            program=title,
            kind=message.kind,
        )
        body = f"{message.message}\n\n--\n{footer}"
        subject = mailer.subject_of(title, message.message)
        return mailer.compose(settings, message.to, subject, body)
