"""Information Exchange and program feedback tables, prefixed ``ocfp_practising_well_``.

No table here holds patient information (PW-NOT-CLINICAL): every free text is screened by
``core.privacy.screen.patient_information`` before it is written.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow
from plugins.ocfp_practising_well.models import PREFIX, Topic


class FeedbackComponent(enum.StrEnum):
    """The part of the program a piece of feedback is about."""

    COMMUNITY_OF_PRACTICE = "community_of_practice"
    INFORMATION_EXCHANGE = "information_exchange"
    PEER_CONNECT = "peer_connect"
    OVERALL = "overall"


class Resource(Base):
    """An entry of an organization's Information Exchange repository, added by program staff."""

    __tablename__ = PREFIX + "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    topic: Mapped[Topic] = mapped_column(string_enum(Topic))
    summary: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(2000))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Question(Base):
    """A learner's resource-navigation question, answered by a guide or program staff."""

    __tablename__ = PREFIX + "questions"
    __table_args__ = (
        Index("ix_ocfp_practising_well_questions_org_answered", "organization_id", "answered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"))
    asker_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    topic: Mapped[Topic] = mapped_column(string_enum(Topic))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(Base):
    """A learner's rating (1-5) of one part of the program, for its continuous improvement."""

    __tablename__ = PREFIX + "feedback"
    __table_args__ = (CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    component: Mapped[FeedbackComponent] = mapped_column(string_enum(FeedbackComponent))
    rating: Mapped[int]
    comments: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


MODELS: list[type[Base]] = [Resource, Question, Feedback]
