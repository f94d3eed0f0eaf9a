"""Enrolments: a person's request to join a program in an organization, and what became of it.

A person holds at most one *open* enrolment (requested or approved) per program; the database
keeps that by a partial unique index, so two requests made at the same moment cannot both
open one. An enrolment that ended (declined, withdrawn, closed) stays as history, and the
person may ask again with a new one."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow


class EnrolmentState(enum.StrEnum):
    """requested -> approved | declined | withdrawn; approved -> withdrawn | closed."""

    REQUESTED = "requested"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


OPEN_STATES = (EnrolmentState.REQUESTED, EnrolmentState.APPROVED)
OPEN_WHERE = text("state IN ('requested', 'approved')")


class Enrolment(Base):
    __tablename__ = "core_enrolments"
    __table_args__ = (
        Index(
            "uq_core_enrolments_open",
            "person_id",
            "program",
            unique=True,
            sqlite_where=OPEN_WHERE,
            postgresql_where=OPEN_WHERE,
        ),
        Index("ix_core_enrolments_organization", "organization_id", "program", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    program: Mapped[str] = mapped_column(String(60))
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"))
    state: Mapped[EnrolmentState] = mapped_column(string_enum(EnrolmentState))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    ended_at: Mapped[datetime | None] = mapped_column(doc="When it was withdrawn or closed.")
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    end_reason: Mapped[str | None] = mapped_column(String(500))
