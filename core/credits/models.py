"""The credit ledger: certifications and their rates, awards, corrections, transcripts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class Certification(Base):
    """A credit certification with its own rate and period (Mainpro+ rates change by date).

    It certifies an activity kind (or an achievement kind, unit ``achievement``), or one
    activity alone when ``activity_id`` is set; a certification of the activity comes before
    its kind's. ``supersedes_id`` links a certification to the one it replaced."""

    __tablename__ = "core_certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    program: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(80), unique=True)
    activity_kind: Mapped[str] = mapped_column(String(120), index=True)
    title: Mapped[str] = mapped_column(String(200))
    credit_system: Mapped[str] = mapped_column(String(40))
    credit_type: Mapped[str] = mapped_column(String(40))
    rate: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(20))
    effective_from: Mapped[date]
    effective_to: Mapped[date | None]
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("core_activities.id"), index=True)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_certifications.id"), unique=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))


class Achievement(Base):
    """Something a person achieved in a program that earns a fixed amount of credit with no
    activity (a plan accepted, an exercise completed). The program names it with a key of its
    own; the database holds one per program, person and key, so it is never awarded twice."""

    __tablename__ = "core_achievements"
    __table_args__ = (UniqueConstraint("program", "person_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program: Mapped[str] = mapped_column(String(60))
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"))
    kind: Mapped[str] = mapped_column(String(120), index=True)
    key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    achieved_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CreditEntry(Base):
    """One line of the append-only credit ledger. Never updated or deleted: a correction is a
    new entry with a negative amount pointing at the entry it reverses."""

    __tablename__ = "core_credit_entries"
    __table_args__ = (Index("ix_core_credit_entries_person_scope", "person_id", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    program: Mapped[str] = mapped_column(String(60))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("core_activities.id"))
    participation_id: Mapped[int | None] = mapped_column(ForeignKey("core_participations.id"))
    certification_id: Mapped[int | None] = mapped_column(ForeignKey("core_certifications.id"))
    credit_system: Mapped[str] = mapped_column(String(40))
    credit_type: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(120))
    formula: Mapped[str] = mapped_column(String(80))
    quantity: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(20))
    rate: Mapped[Decimal]
    caps_applied: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    amount: Mapped[Decimal]
    explanation: Mapped[str] = mapped_column(String(1000))
    earned_on: Mapped[date]
    reverses_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_credit_entries.id"), unique=True
    )
    restores_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_credit_entries.id"),
        index=True,
        doc="Credit a cap cut from that entry, given back once a correction made room.",
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_organizations.id"),
        index=True,
        doc="Whose credit it is: the activity's organization, or the achievement's.",
    )
    achievement_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_achievements.id"), index=True
    )
    award_key: Mapped[str | None] = mapped_column(
        String(160),
        unique=True,
        doc="Set on awards that must happen once ever (an achievement's, a retroactive one): "
        "the database refuses a second, whatever requests race.",
    )
