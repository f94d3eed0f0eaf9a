"""Budget allocations and the append-only ledger of what was spent from them.

Money is exact: amounts are ``Decimal`` stored as whole hundredths (``core.db.Hundredths``), so
a ledger sums exactly in SQL on SQLite too, and every amount carries its currency code."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class Allocation(Base):
    """Money a program gives an owner (an organization, or one of its groups) for a period.
    ``organization_id`` is always the owner's organization, so staff are found the same way
    for both kinds of owner; ``group_id`` is set when a group owns it."""

    __tablename__ = "core_budget_allocations"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("period_end >= period_start", name="period_ordered"),
        Index("ix_core_budget_allocations_owner", "organization_id", "group_id", "program"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("core_groups.id"), index=True)
    program: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date]
    period_end: Mapped[date]
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SpendingEntry(Base):
    """One line of a budget's ledger. Never updated or deleted (the database refuses both): a
    correction is a new entry with the opposite amount naming the entry it reverses, once."""

    __tablename__ = "core_budget_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[int] = mapped_column(ForeignKey("core_budget_allocations.id"), index=True)
    category: Mapped[str] = mapped_column(String(120))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(String(1000))
    spent_on: Mapped[date]
    reverses_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_budget_entries.id"), unique=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
