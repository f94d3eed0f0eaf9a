"""Messages recorded for a person, and their email delivery (the outbox)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow


class EmailState(enum.StrEnum):
    """Where a notification's email is (``core.notifications.delivery`` moves it on)."""

    PENDING = "pending"  # waiting for its time (email_next_attempt_at)
    CLAIMED = "claimed"  # in a worker's batch, not yet handed to the mail server
    SENDING = "sending"  # being handed over: whether the server took it is not known yet
    SENT = "sent"
    SKIPPED = "skipped"  # never to be sent (email_error says why)
    FAILED = "failed"  # given up (email_error says why)


class Notification(Base):
    """A message recorded for a person (an approval, a match), shown in the API and, unless
    the person opted out of it, emailed after its transaction commits: the row is its own
    outbox entry, written in the same transaction as what caused it."""

    __tablename__ = "core_notifications"
    __table_args__ = (
        Index(
            "uq_core_notifications_due_item_id_reminder_day",
            "due_item_id",
            "reminder_day",
            unique=True,
        ),
        Index("ix_core_notifications_email_due", "email_state", "email_next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    program: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(120))
    message: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    due_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_due_items.id"), doc="The due item a reminder is about."
    )
    reminder_day: Mapped[int | None] = mapped_column(
        doc="Which of the item's reminders this is, in days from its due date (-7, 0, 1). "
        "With the item it is unique: no reminder is recorded twice, whoever sends it."
    )
    required: Mapped[bool] = mapped_column(
        default=False, doc="Emailed even to a person who takes required messages only."
    )
    email_state: Mapped[EmailState] = mapped_column(
        string_enum(EmailState), default=EmailState.PENDING
    )
    email_attempts: Mapped[int] = mapped_column(default=0)
    email_next_attempt_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    email_claimed_at: Mapped[datetime | None]
    email_claimed_by: Mapped[str | None] = mapped_column(String(64))
    email_sent_at: Mapped[datetime | None]
    email_error: Mapped[str | None] = mapped_column(
        String(300), doc="Why it was skipped or failed, or the last attempt's error."
    )
