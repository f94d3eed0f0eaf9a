"""What people owe by a date: questionnaires, surveys, reports."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class DueItem(Base):
    """Something a person owes by a date: a questionnaire, a survey, a monthly report."""

    __tablename__ = "core_due_items"
    __table_args__ = (
        Index("ix_core_due_items_person_open", "person_id", "completed_at"),
        Index("ix_core_due_items_due_on", "due_on"),
        Index("ix_core_due_items_follows_id", "follows_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    program: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date]
    subject_id: Mapped[int | None] = mapped_column(doc="The program object the item is about.")
    completed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None] = mapped_column(
        doc="Set when the item stopped being owed without being done (its person left the "
        "program, say): neither open nor completed, so it never falls due nor reads as answered."
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    follows_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_due_items.id"),
        doc="The item of the series this one recurs after. Unique: an item has one successor, "
        "however many workers continue its series at once.",
    )
    series_starts_on: Mapped[date | None] = mapped_column(
        doc="When the first item of its series was due (recurring kinds only): each later "
        "date is counted from it, so a series never drifts."
    )
    occurrence: Mapped[int | None] = mapped_column(doc="Its place in its series, from 1.")
