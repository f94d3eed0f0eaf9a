"""The program's own tables, all prefixed ``psp_sgls_``.

Sessions, seats, attendance, credits, plans, due items, questionnaires, certificates and
budgets are core's; the program keeps only what is its own: topics proposed at community
level, the series GPSC themes them into, what a session adds to its core activity (whose
waitlist is core's too), participation payments and support visits.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from core.versions import Versioned


class Series(Versioned, Base):
    """SGLS-SERIES: a themed series GPSC (the provincial office) offers every division; staff
    adapt its theme and content by hand, so edits are versioned (``core.versions``)."""

    __tablename__ = "psp_sgls_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    rate: Mapped[Decimal | None] = mapped_column(
        doc="Credits per hour once certified; None while awaiting certification (SGLS-CREDIT)."
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Topic(Base):
    """SGLS-SERIES: a topic a doctor or division proposed; GPSC selects it into a series."""

    __tablename__ = "psp_sgls_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    series_id: Mapped[int | None] = mapped_column(ForeignKey("psp_sgls_series.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Session(Base):
    """What a small group learning session adds to its core activity (SGLS-OBJECTIVES)."""

    __tablename__ = "psp_sgls_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("core_activities.id"), unique=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("psp_sgls_series.id"), index=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    objectives: Mapped[str] = mapped_column(Text)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Payment(Base):
    """SGLS-ACTION-PLAN: a physician's participation payment, recorded once per session."""

    __tablename__ = "psp_sgls_payments"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("psp_sgls_sessions.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("core_plans.id"))
    amount: Mapped[Decimal]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Visit(Base):
    """SGLS-VISITS: an in-practice support visit after a session, against an action plan."""

    __tablename__ = "psp_sgls_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("psp_sgls_sessions.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("core_plans.id"), index=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    practice: Mapped[str] = mapped_column(String(200))
    visited_on: Mapped[date]
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


MODELS: list[type] = [Series, Topic, Session, Payment, Visit]
