"""Certificates: statements of the credits a person earned over a period; and the credits a
program reported to the credit system itself instead."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow

# No 0/O or 1/I/L: a code is read off paper and typed in by someone checking it.
VERIFICATION_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def verification_code() -> str:
    """About 64 bits in four groups of four: guessing a valid code is hopeless, reading one
    aloud is not."""
    characters = "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(16))
    return "-".join(characters[i : i + 4] for i in range(0, 16, 4))


class Certificate(Base):
    """A certificate states what it certified when it was issued; a corrected one is issued
    anew and the old one points to it (``superseded_by_id``), so a verification of the old
    code says it was replaced rather than that it never existed."""

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
    scope: Mapped[str | None] = mapped_column(String(120))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("core_activities.id"))
    verification_code: Mapped[str] = mapped_column(
        String(19), unique=True, default=verification_code
    )
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_certificates.id"))


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
