"""A person's credit cycles as their College assigned them, and credits earned elsewhere."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow


class CycleKind(enum.StrEnum):
    REGULAR = "regular"
    REMEDIAL = "remedial"


class CycleSource(enum.StrEnum):
    """Where a cycle's dates came from: entered by staff, imported in bulk from the College's
    list, or entered by the physician themself."""

    STAFF = "staff"
    IMPORT = "import"
    SELF = "self"


class CreditCycle(Base):
    """A cycle of a person's in a credit system, on the dates their College assigned. A cycle
    entered over another (the College moved the dates) replaces it; the replaced one stays,
    with who replaced it, so the record says who said what and when."""

    __tablename__ = "core_credit_cycles"
    __table_args__ = (Index("ix_core_credit_cycles_person", "person_id", "starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    credit_system: Mapped[str] = mapped_column(String(40))
    kind: Mapped[CycleKind] = mapped_column(string_enum(CycleKind))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    source: Mapped[CycleSource] = mapped_column(string_enum(CycleSource))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_credit_cycles.id"), index=True
    )


class ExternalCredit(Base):
    """Credit a physician earned outside peerlearn and recorded themself: shown on their
    transcript as self-reported, counted towards their College's requirements, and never
    towards a program's caps (those count the ledger only). Withdrawing keeps the row."""

    __tablename__ = "core_external_credits"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    earned_on: Mapped[date]
    provider: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    hours: Mapped[Decimal | None]
    credits: Mapped[Decimal]
    credit_system: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
