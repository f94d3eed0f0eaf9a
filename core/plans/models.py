"""Plans and their SMART goals, and what reviewers said of them.

A plan carries an integer ``version`` that every change raises by one, in the same conditional
UPDATE that checks the version its editor read; so two people editing one plan never silently
overwrite each other: the second is told the plan changed (CONFLICT)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow


class PlanState(enum.StrEnum):
    """Drafted, then submitted for review; a returned plan is editable again, an accepted one
    is final."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class GoalTerm(enum.StrEnum):
    SHORT = "short"
    LONG = "long"


class GoalStatus(enum.StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    SET_ASIDE = "set_aside"


class ReviewDecision(enum.StrEnum):
    RETURNED = "returned"
    ACCEPTED = "accepted"


class Plan(Base):
    """A plan of a kind a program declared, owned by one person or shared by one group.
    ``organization_id`` is the owner's organization for the program, so its program staff
    review the plan whoever owns it."""

    __tablename__ = "core_plans"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (group_id IS NULL)", name="one_owner"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_core_plans_person", "person_id", "program"),
        Index("ix_core_plans_group", "group_id", "program"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(120))
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("core_groups.id"))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    subject_id: Mapped[int | None] = mapped_column(doc="The program object the plan is about.")
    state: Mapped[PlanState] = mapped_column(string_enum(PlanState))
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_people.id"),
        doc="Who made the latest change: the owner, or a co-editor the program names.",
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]


class PlanGoal(Base):
    """A SMART goal of a plan: every part stated, a target date and a term."""

    __tablename__ = "core_plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("core_plans.id"), index=True)
    specific: Mapped[str] = mapped_column(String(1000))
    measurable: Mapped[str] = mapped_column(String(1000))
    achievable: Mapped[str] = mapped_column(String(1000))
    relevant: Mapped[str] = mapped_column(String(1000))
    target_date: Mapped[date]
    term: Mapped[GoalTerm] = mapped_column(string_enum(GoalTerm))
    status: Mapped[GoalStatus] = mapped_column(string_enum(GoalStatus))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class PlanReview(Base):
    """A reviewer's decision on a submitted plan, with their comment; never changed."""

    __tablename__ = "core_plan_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("core_plans.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    decision: Mapped[ReviewDecision] = mapped_column(string_enum(ReviewDecision))
    comment: Mapped[str] = mapped_column(String(4000))
    plan_version: Mapped[int] = mapped_column(doc="The version of the plan reviewed.")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
