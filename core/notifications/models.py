"""Messages recorded for a person; delivering them is a frontend's job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class Notification(Base):
    """A message recorded for a person (an approval, a match); delivery is a frontend's job."""

    __tablename__ = "core_notifications"
    __table_args__ = (
        Index(
            "uq_core_notifications_due_item_id_reminder_day",
            "due_item_id",
            "reminder_day",
            unique=True,
        ),
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
