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

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow

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


MODELS: list[type] = [
    Collaborative,
    CharterGoal,
    CharterMeasure,
    LearningSession,
    PdsaCycle,
    PdsaMeasure,
]
