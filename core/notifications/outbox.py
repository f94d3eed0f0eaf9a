"""Statements moving notifications' emails through their states (see ``delivery``): each is
guarded by the state it expects, and by the claiming worker where one holds the message, so
two workers never both move one message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import SOURCE, Language
from core.notifications.models import EmailState, Notification
from core.people.models import EmailPreference, Person
from core.repository import rows_affected

ERROR_LENGTH = 300  # core_notifications.email_error


@dataclass(frozen=True)
class Outgoing:
    """A claimed message and what its email needs."""

    id: int
    attempts: int
    to: str
    program: str
    kind: str
    message: str
    language: Language = SOURCE  # the person's: their email's own words are in it


def _due(now: datetime) -> Any:
    return and_(
        Notification.email_state == EmailState.PENDING,
        Notification.email_next_attempt_at <= now,
    )


async def skip_due(session: AsyncSession, now: datetime, reason: str) -> int:
    """Mark every message due by ``now`` skipped (email is off)."""
    statement = (
        update(Notification)
        .where(_due(now))
        .values(email_state=EmailState.SKIPPED, email_error=reason[:ERROR_LENGTH])
    )
    return rows_affected(await session.execute(statement))


async def claim(
    session: AsyncSession, worker: str, now: datetime, limit: int
) -> tuple[list[Outgoing], bool]:
    """Claim up to ``limit`` messages due by ``now`` for ``worker``, oldest first, counting
    the attempt. Rows another transaction holds are passed over (``SKIP LOCKED`` on
    PostgreSQL; SQLite's one writer serialises claims). Messages the person will not receive
    by email are marked skipped instead, with the reason, and not returned. Also whether a
    full batch was taken (more may be due)."""
    statement = (
        select(
            Notification.id,
            Notification.email_attempts,
            Notification.program,
            Notification.kind,
            Notification.message,
            Notification.required,
            Person.email,
            Person.email_preference,
            Person.deactivated_at,
            Person.language,
        )
        .join(Person, Person.id == Notification.person_id)
        .where(_due(now))
        .order_by(Notification.email_next_attempt_at, Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Notification.__table__)
    )
    rows = (await session.execute(statement)).all()
    claimed: list[Outgoing] = []
    for row in rows:
        reason = _not_for_email(row.required, row.email_preference, row.deactivated_at)
        if reason is not None:
            await _set(
                session,
                row.id,
                EmailState.PENDING,
                email_state=EmailState.SKIPPED,
                email_error=reason,
            )
            continue
        attempts = row.email_attempts + 1
        if await _set(
            session,
            row.id,
            EmailState.PENDING,
            email_state=EmailState.CLAIMED,
            email_attempts=attempts,
            email_claimed_at=now,
            email_claimed_by=worker,
        ):
            claimed.append(
                Outgoing(
                    row.id,
                    attempts,
                    row.email,
                    row.program,
                    row.kind,
                    row.message,
                    row.language or SOURCE,
                )
            )
    return claimed, len(rows) == limit


def _not_for_email(
    required: bool, preference: EmailPreference, deactivated_at: datetime | None
) -> str | None:
    if deactivated_at is not None:
        return "the person is deactivated"
    if preference == EmailPreference.REQUIRED and not required:
        return "the person takes required messages only"
    return None


async def start_sending(session: AsyncSession, id: int, worker: str, now: datetime) -> bool:
    """Move a message this worker claimed to SENDING before it is handed to the mail server;
    False if the claim was lost (its lease expired and another worker took it)."""
    return await _set(
        session,
        id,
        EmailState.CLAIMED,
        worker,
        email_state=EmailState.SENDING,
        email_claimed_at=now,
    )


async def settle(session: AsyncSession, id: int, worker: str, **values: Any) -> None:
    """Record how handing a message over went (SENDING → SENT, PENDING or FAILED); the lease
    ends with it."""
    if "email_error" in values and values["email_error"] is not None:
        values["email_error"] = values["email_error"][:ERROR_LENGTH]
    await _set(session, id, EmailState.SENDING, worker, email_claimed_by=None, **values)


async def release_expired(session: AsyncSession, before: datetime, interrupted: str) -> None:
    """Leases older than ``before`` belong to workers that stopped: a message they had only
    claimed goes back in line (it never reached the mail server); one they were handing over
    is given up, as it may have been sent."""
    expired = Notification.email_claimed_at < before
    await session.execute(
        update(Notification)
        .where(Notification.email_state == EmailState.CLAIMED, expired)
        .values(email_state=EmailState.PENDING, email_claimed_by=None, email_claimed_at=None)
    )
    await session.execute(
        update(Notification)
        .where(Notification.email_state == EmailState.SENDING, expired)
        .values(
            email_state=EmailState.FAILED,
            email_error=interrupted[:ERROR_LENGTH],
            email_claimed_by=None,
        )
    )


async def _set(
    session: AsyncSession,
    id: int,
    state: EmailState,
    worker: str | None = None,
    **values: Any,
) -> bool:
    """Change one message if it is still in ``state`` (and held by ``worker``, if given)."""
    condition = and_(Notification.id == id, Notification.email_state == state)
    if worker is not None:
        condition = and_(condition, Notification.email_claimed_by == worker)
    result = await session.execute(update(Notification).where(condition).values(**values))
    return rows_affected(result) == 1
