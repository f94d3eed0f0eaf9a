"""Practising Well's tables, all prefixed ``ocfp_practising_well_``.

A guide's capacity is a core capacity-bound group (kind ``caseload``) the guide facilitates:
a match is a membership, the waitlist is the group's waitlist, so the core primitive that
holds group limits under concurrency holds guide capacity too (PW-CAPACITY).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow

PREFIX = "ocfp_practising_well_"


class AccountStatus(enum.StrEnum):
    """A learner account's status: its core enrolment's state in the program's words (a
    requested enrolment is a PENDING application)."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class ReportingPreference(enum.StrEnum):
    """PW-REPORTING: OCFP enters Mainpro+ credits for the learner, or the learner receives
    certificates (Peer Connect quarterly, Community of Practice after each call)."""

    OCFP_ENTERS = "ocfp_enters"
    CERTIFICATE = "certificate"


class Topic(enum.StrEnum):
    MENTAL_HEALTH = "mental_health"
    SUBSTANCE_USE = "substance_use"
    CHRONIC_PAIN = "chronic_pain"


class RequestStatus(enum.StrEnum):
    """Where a request stands. A waitlisted request becomes OFFERED when a place frees up;
    the guide (or staff) then match it or decline it. A match that ends is ENDED, so the
    learner's history keeps it."""

    REQUESTED = "requested"
    MATCHED = "matched"
    WAITLISTED = "waitlisted"
    OFFERED = "offered"
    UNAVAILABLE = "unavailable"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    ENDED = "ended"


class GoalTerm(enum.StrEnum):
    """The API's names for core's goal terms and states (``core.plans.models``)."""

    SHORT = "short"
    LONG = "long"


class GoalStatus(enum.StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    SET_ASIDE = "set_aside"


class Learner(Base):
    """A peer learner's profile: what the program asks of an applicant (PW-ACCOUNT). Whether
    staff approved it is the person's core enrolment in the program (``core.enrolments``):
    its latest one is the account's status, its last ended one the last withdrawal."""

    __tablename__ = PREFIX + "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    reporting: Mapped[ReportingPreference] = mapped_column(string_enum(ReportingPreference))


class Guide(Base):
    """A peer guide's directory profile; their capacity is their caseload group's."""

    __tablename__ = PREFIX + "guides"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    caseload_group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"), unique=True)
    bio: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    accepting: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GuideRequest(Base):
    """A learner's request for a guide (or for staff to pick one: guide_id is None).

    The guide's waitlist is the requests WAITLISTED for them, in ``waitlisted_at`` order: it
    is kept here, not as core waitlist places, because a freed place is offered to the guide
    for consent rather than given (core would give it)."""

    __tablename__ = PREFIX + "requests"
    __table_args__ = (Index("ix_ocfp_practising_well_requests_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey(PREFIX + "learners.id"), index=True)
    guide_id: Mapped[int | None] = mapped_column(ForeignKey(PREFIX + "guides.id"), index=True)
    status: Mapped[RequestStatus] = mapped_column(string_enum(RequestStatus))
    staff_pick: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    waitlisted_at: Mapped[datetime | None]
    offered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    reason: Mapped[str | None] = mapped_column(
        String(500), doc="Why the request was declined, cancelled for the learner, or ended."
    )


class GoalGuide(Base):
    """The guide a learner works a goal with (PW-GOALS). The goal itself is a goal of the
    learner's core plan (``core_plan_goals``); only this link is Practising Well's."""

    __tablename__ = PREFIX + "goal_guides"

    goal_id: Mapped[int] = mapped_column(ForeignKey("core_plan_goals.id"), primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey(PREFIX + "guides.id"), index=True)


class ProgressReport(Base):
    """A periodic progress survey answered (PW-PROGRESS); it completes a core due item."""

    __tablename__ = PREFIX + "progress_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey(PREFIX + "learners.id"), index=True)
    due_item_id: Mapped[int | None] = mapped_column(ForeignKey("core_due_items.id"), unique=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("core_plan_goals.id"))
    progress: Mapped[int]
    reflection: Mapped[str] = mapped_column(String(2000))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)


class PeerSession(Base):
    """Peer Connect time with a guide (PW-CREDIT-PEER); backed by a core activity and the
    learner's participation, which earn the credit."""

    __tablename__ = PREFIX + "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey(PREFIX + "learners.id"), index=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey(PREFIX + "guides.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("core_plan_goals.id"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("core_activities.id"), unique=True)
    held_on: Mapped[date]
    hours: Mapped[Decimal]
    logged_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


MODELS: list[type[Base]] = [
    Learner,
    Guide,
    GuideRequest,
    GoalGuide,
    ProgressReport,
    PeerSession,
]
