"""The learning collaborative's own tables, all prefixed ``learning_collaborative_``.

What core keeps is not copied here: the collaborative and its practice teams are core groups
(a team is a child of its collaborative, composition LC-TEAM kept by core), a team's coach is
the team's facilitator (LC-COACH), measures and their monthly values are core measures
(LC-MONTHLY, corrections versioned by core), learning sessions are core activities in parts
(LC-SESSIONS). These tables hold only what the program adds: the charter, which session is
which, and the PDSA cycles."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow
from core.versions import Versioned

PREFIX = "learning_collaborative_"


class Collaborative(Base):
    """A collaborative group's program data: the month reporting starts, and whether its
    teams see each other's raw monthly values (the seed's data sharing, off by default)."""

    __tablename__ = f"{PREFIX}collaboratives"

    group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    starts_on: Mapped[date]
    shares_reports: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CharterGoal(Base):
    """A goal of the collaborative's charter (LC-CHARTER), in the faculty's words."""

    __tablename__ = f"{PREFIX}charter_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(
        ForeignKey(f"{PREFIX}collaboratives.group_id"), index=True
    )
    statement: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CharterMeasure(Base):
    """A core measure named in the charter, with its definition (LC-CHARTER)."""

    __tablename__ = f"{PREFIX}charter_measures"
    __table_args__ = (UniqueConstraint("collaborative_id", "measure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(
        ForeignKey(f"{PREFIX}collaboratives.group_id"), index=True
    )
    measure_id: Mapped[int] = mapped_column(ForeignKey("core_measures.id"), unique=True)
    definition: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LearningSession(Base):
    """Which of the collaborative's learning sessions a core activity is (LC-SESSIONS)."""

    __tablename__ = f"{PREFIX}learning_sessions"
    __table_args__ = (UniqueConstraint("collaborative_id", "number"),)

    activity_id: Mapped[int] = mapped_column(ForeignKey("core_activities.id"), primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(
        ForeignKey(f"{PREFIX}collaboratives.group_id"), index=True
    )
    number: Mapped[int]


class Decision(enum.StrEnum):
    """What a team decided after studying a cycle (LC-ACTION-PERIOD)."""

    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"


class PdsaCycle(Base):
    """A Plan-Do-Study-Act cycle a team runs between learning sessions (LC-ACTION-PERIOD)."""

    __tablename__ = f"{PREFIX}pdsa_cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), index=True)
    change_idea: Mapped[str] = mapped_column(String(500))
    prediction: Mapped[str] = mapped_column(String(1000))
    plan: Mapped[str] = mapped_column(String(2000))
    done: Mapped[str | None] = mapped_column(String(2000))
    learned: Mapped[str | None] = mapped_column(String(2000))
    decision: Mapped[Decision | None] = mapped_column(string_enum(Decision))
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PdsaMeasure(Base):
    """A charter measure a cycle is expected to move (annotated on its run chart)."""

    __tablename__ = f"{PREFIX}pdsa_measures"

    cycle_id: Mapped[int] = mapped_column(ForeignKey(f"{PREFIX}pdsa_cycles.id"), primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("core_measures.id"), primary_key=True)


class MonthlyCall(Versioned, Base):
    """Which month's call of a collaborative a core activity is, and its notes (LC-CALLS),
    which faculty edit by hand: edits are versioned (``core.versions``)."""

    __tablename__ = f"{PREFIX}monthly_calls"
    __table_args__ = (UniqueConstraint("collaborative_id", "month"),)

    activity_id: Mapped[int] = mapped_column(ForeignKey("core_activities.id"), primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(
        ForeignKey(f"{PREFIX}collaboratives.group_id"), index=True
    )
    month: Mapped[date]
    notes: Mapped[str | None] = mapped_column(Text)


class OfficeItemKind(enum.StrEnum):
    RESOURCE = "resource"
    MESSAGE = "message"


class OfficeItem(Base):
    """A resource shared or a message posted in a collaborative's virtual office (LC-OFFICE)."""

    __tablename__ = f"{PREFIX}office_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    collaborative_id: Mapped[int] = mapped_column(
        ForeignKey(f"{PREFIX}collaboratives.group_id"), index=True
    )
    kind: Mapped[OfficeItemKind] = mapped_column(string_enum(OfficeItemKind))
    title: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(String(4000))
    author_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Spread(Base):
    """How a team's adopted change spread beyond it (LC-SPREAD)."""

    __tablename__ = f"{PREFIX}spread"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey(f"{PREFIX}pdsa_cycles.id"))
    spread_to: Mapped[str] = mapped_column(String(500))
    how: Mapped[str] = mapped_column(String(2000))
    spread_on: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assessor(enum.StrEnum):
    FACULTY = "faculty"
    TEAM = "team"


class Assessment(Base):
    """A month's IHI assessment score of a team (0.5 to 5.0 in halves), by faculty or by the
    team itself; one of each per month."""

    __tablename__ = f"{PREFIX}assessments"
    __table_args__ = (UniqueConstraint("team_id", "month", "assessor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), index=True)
    month: Mapped[date]
    assessor: Mapped[Assessor] = mapped_column(string_enum(Assessor))
    score: Mapped[Decimal]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


MODELS: list[type] = [
    Collaborative,
    CharterGoal,
    CharterMeasure,
    LearningSession,
    PdsaCycle,
    PdsaMeasure,
    MonthlyCall,
    OfficeItem,
    Spread,
    Assessment,
]
