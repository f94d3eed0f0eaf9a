"""The program's own rows: CPSO's selection, each group's basis, members' individual
activities, the PIP's parts core plans do not hold, completions and support requests.
Groups, invitations, plans, goals, reviews and credits are core's."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow


class Basis(enum.StrEnum):
    """QIG-BASIS: what the members of a group share."""

    PRACTICE_SETTING = "practice_setting"
    AREA_OF_PRACTICE = "area_of_practice"
    LEARNING_GROUP = "learning_group"
    ONTARIO_HEALTH_TEAM = "ontario_health_team"


class QiActivity(enum.StrEnum):
    """QIG-INDIVIDUAL: the four online activities each member completes alone."""

    QI_SURVEY = "qi_survey"
    PRACTICE_PROFILE = "practice_profile"
    CHART_REVIEW = "chart_review"
    DATA_DRIVEN_QI = "data_driven_qi"


class Advisor(enum.StrEnum):
    """QIG-SUPPORT: whom a group asks."""

    MEDICAL_ADVISOR = "medical_advisor"
    QI_COACH = "qi_coach"


class Selection(Base):
    """CPSO invited this member to "QI for Individuals" in a cycle (QIG-FORM)."""

    __tablename__ = "cpso_qi_groups_selections"
    __table_args__ = (UniqueConstraint("organization_id", "cycle", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    cycle: Mapped[str] = mapped_column(String(20))
    selected_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GroupBasis(Base):
    """The basis a QI group was formed on (QIG-BASIS); the group itself is core's."""

    __tablename__ = "cpso_qi_groups_bases"

    group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), primary_key=True)
    basis: Mapped[Basis] = mapped_column(string_enum(Basis))
    description: Mapped[str] = mapped_column(String(500), default="")


class ActivityRecord(Base):
    """A member's completed individual activity: when, how long, and their own answers, which
    only they and CPSO staff read (QIG-INDIVIDUAL)."""

    __tablename__ = "cpso_qi_groups_activity_records"
    __table_args__ = (UniqueConstraint("group_id", "person_id", "activity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    activity: Mapped[QiActivity] = mapped_column(string_enum(QiActivity))
    completed_on: Mapped[date]
    minutes_spent: Mapped[int]
    answers: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class PipDetails(Base):
    """What a group PIP names beyond core's goals: areas of strength and for improvement."""

    __tablename__ = "cpso_qi_groups_pips"

    plan_id: Mapped[int] = mapped_column(ForeignKey("core_plans.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), unique=True)
    strengths: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")


class PipGoal(Base):
    """A PIP goal's category (core goals have none): physician health / self-care or not."""

    __tablename__ = "cpso_qi_groups_pip_goals"

    goal_id: Mapped[int] = mapped_column(ForeignKey("core_plan_goals.id"), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("core_plans.id"), index=True)
    self_care: Mapped[bool] = mapped_column(default=False)


class Completion(Base):
    """A member met CPSO's quality requirement by their group's accepted PIP (QIG-COMPLETE)."""

    __tablename__ = "cpso_qi_groups_completions"
    __table_args__ = (UniqueConstraint("plan_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("core_plans.id"))
    completed_on: Mapped[date]
    met_until: Mapped[date]


class SupportRequest(Base):
    """A group's request to a Medical Advisor or QI Coach, and its answer (QIG-SUPPORT)."""

    __tablename__ = "cpso_qi_groups_support_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    advisor: Mapped[Advisor] = mapped_column(string_enum(Advisor))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]


MODELS: list[type] = [
    Selection,
    GroupBasis,
    ActivityRecord,
    PipDetails,
    PipGoal,
    Completion,
    SupportRequest,
]
