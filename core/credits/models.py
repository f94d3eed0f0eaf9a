"""The credit ledger: certifications and their rates, awards, corrections, transcripts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class Certification(Base):
    """A credit certification with its own rate and period (Mainpro+ rates change by date)."""

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
