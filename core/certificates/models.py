"""Certificates: statements of the credits a person earned over a period; and the credits a
program reported to the credit system itself instead."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class Certificate(Base):
    __tablename__ = "core_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"))
    program: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(String(1000))
    credits: Mapped[Decimal]
    certification_code: Mapped[str | None] = mapped_column(String(80))
    period_start: Mapped[date]
    period_end: Mapped[date]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)


class CertifiedEntry(Base):
    """Which ledger entries a certificate covers: an entry is certified once, never twice."""

    __tablename__ = "core_certified_entries"

    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("core_certificates.id"), primary_key=True
    )
    credit_entry_id: Mapped[int] = mapped_column(
        ForeignKey("core_credit_entries.id"), primary_key=True, unique=True
    )


class CreditReport(Base):
    """A ledger entry its program reported to the credit system itself (OCFP entering a
    learner's credits into Mainpro+) instead of certifying it: it has reached the credit
    system, so no certificate covers it, and it is reported once."""

    __tablename__ = "core_credit_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_entry_id: Mapped[int] = mapped_column(ForeignKey("core_credit_entries.id"), unique=True)
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
