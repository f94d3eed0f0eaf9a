"""Measures a program defines and the values groups record for them, one per month.

A value is never changed: a correction is a new row of the next version for the same group,
measure and month, naming the row it supersedes and why, so the history stays readable."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow


class MeasureKind(enum.StrEnum):
    RATIO = "ratio"
    COUNT = "count"


class Direction(enum.StrEnum):
    UP = "up"
    DOWN = "down"


class Measure(Base):
    """What a program's teams measure: a ratio (numerator over denominator) or a count."""

    __tablename__ = "core_measures"
    __table_args__ = (UniqueConstraint("organization_id", "program", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    program: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MeasureKind] = mapped_column(string_enum(MeasureKind))
    unit: Mapped[str] = mapped_column(String(60))
    direction: Mapped[Direction] = mapped_column(string_enum(Direction))
    target: Mapped[Decimal | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MeasureValue(Base):
    """One version of a group's value of a measure for a month (``period``: its first day).
    The current value is the highest version; the unique key makes two writers of the same
    version (two first values, two corrections of one value) collide instead of both winning."""

    __tablename__ = "core_measure_values"
    __table_args__ = (UniqueConstraint("measure_id", "group_id", "period", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("core_measures.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), index=True)
    period: Mapped[date]
    version: Mapped[int]
    numerator: Mapped[Decimal | None]
    denominator: Mapped[Decimal | None]
    count: Mapped[Decimal | None]
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("core_measure_values.id"))
    reason: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
