"""Calendar feeds: private iCalendar URLs a person subscribes to from their calendar app."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow


class FeedKind(enum.StrEnum):
    PERSON = "person"
    """What concerns the person: their sessions and calls, and the dates things fall due."""
    PROGRAM = "program"
    """A program's sessions open for registration."""


class CalendarFeed(Base):
    """A calendar app fetches the feed with no sign-in, so the URL's token is the key: only
    its SHA-256 is kept, it is shown once when the feed is made, and revoking the feed ends
    it. A new URL is a new feed."""

    __tablename__ = "core_calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    kind: Mapped[FeedKind] = mapped_column(string_enum(FeedKind))
    program: Mapped[str | None] = mapped_column(String(60))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
