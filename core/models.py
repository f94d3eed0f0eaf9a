"""Core tables, shared by every program. All are prefixed ``core_``; programs prefix theirs
with their slug."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class Profession(enum.StrEnum):
    FAMILY_PHYSICIAN = "family_physician"
    SPECIALIST = "specialist"
    RESIDENT = "resident"
    MOA = "moa"
    NURSE = "nurse"
    ALLIED_HEALTH = "allied_health"
    OTHER = "other"

    @property
    def is_physician(self) -> bool:
        return self in {Profession.FAMILY_PHYSICIAN, Profession.SPECIALIST, Profession.RESIDENT}


class Role(enum.StrEnum):
    ADMIN = "admin"
    PROGRAM_STAFF = "program_staff"
    COORDINATOR = "coordinator"
    GUIDE = "guide"
    MEMBER = "member"


class MembershipRole(enum.StrEnum):
    MEMBER = "member"
    FACILITATOR = "facilitator"


class MembershipStatus(enum.StrEnum):
    ACTIVE = "active"
    WAITLISTED = "waitlisted"
    LEFT = "left"


def string_enum(kind: type[enum.StrEnum]) -> Enum:
    """Enums stored as plain strings (their values): portable, and no database enum type."""
    return Enum(
        kind,
        native_enum=False,
        create_constraint=False,
        length=max(len(m.value) for m in kind),
        values_callable=lambda members: [m.value for m in members],
    )


class Organization(Base):
    __tablename__ = "core_organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Person(Base):
    __tablename__ = "core_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    profession: Mapped[Profession] = mapped_column(string_enum(Profession))
    licence_number: Mapped[str | None] = mapped_column(String(40))
    licence_province: Mapped[str | None] = mapped_column(String(2))
    cycle_start: Mapped[date | None] = mapped_column(
        doc="First day (1 July) of the person's current five-year Mainpro+ cycle."
    )
    auth_subject: Mapped[str | None] = mapped_column(
        String(255), unique=True, doc="The `sub` of this person's OIDC tokens."
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class RoleAssignment(Base):
    """A role held within an organization, optionally limited to one program. An admin role
    without an organization is a platform admin (manages organizations)."""

    __tablename__ = "core_role_assignments"
    __table_args__ = (UniqueConstraint("person_id", "organization_id", "program", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_organizations.id"), index=True
    )
    program: Mapped[str | None] = mapped_column(String(60))
    role: Mapped[Role] = mapped_column(string_enum(Role))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Group(Base):
    __tablename__ = "core_groups"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    program: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(Base):
    """A person's place in a group. Capacity counts active members only; facilitators and the
    waitlist are outside it. ``waitlisted_at`` orders the waitlist (first come, first served)."""

    __tablename__ = "core_memberships"
    __table_args__ = (
        UniqueConstraint("group_id", "person_id"),
        Index("ix_core_memberships_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    role: Mapped[MembershipRole] = mapped_column(string_enum(MembershipRole))
    status: Mapped[MembershipStatus] = mapped_column(string_enum(MembershipStatus))
    waitlisted_at: Mapped[datetime | None]
    joined_at: Mapped[datetime | None]
    left_at: Mapped[datetime | None]


class Activity(Base):
    __tablename__ = "core_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    program: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    held_on: Mapped[date] = mapped_column(
        doc="The local date it happened (the start's own UTC offset): credits count on this "
        "day, so an evening call on 30 June belongs to June, not to the next cycle year."
    )
    hours: Mapped[Decimal]
    location: Mapped[str | None] = mapped_column(String(200))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("core_groups.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Participation(Base):
    __tablename__ = "core_participations"
    __table_args__ = (
        UniqueConstraint("activity_id", "person_id"),
        CheckConstraint("hours >= 0", name="hours_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("core_activities.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    hours: Mapped[Decimal]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(
        doc="Set when the attendance was withdrawn as logged in error; its credits are reversed."
    )
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    correction_note: Mapped[str | None] = mapped_column(
        String(500), doc="Why the attendance was last corrected or withdrawn."
    )


class Certification(Base):
    """A credit certification with its own rate and period (Mainpro+ rates change by date)."""

    __tablename__ = "core_certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    program: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(80), unique=True)
    activity_kind: Mapped[str] = mapped_column(String(120), index=True)
    title: Mapped[str] = mapped_column(String(200))
    credit_system: Mapped[str] = mapped_column(String(40))
    credit_type: Mapped[str] = mapped_column(String(40))
    rate: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(20))
    effective_from: Mapped[date]
    effective_to: Mapped[date | None]


class CreditEntry(Base):
    """One line of the append-only credit ledger. Never updated or deleted: a correction is a
    new entry with a negative amount pointing at the entry it reverses."""

    __tablename__ = "core_credit_entries"
    __table_args__ = (Index("ix_core_credit_entries_person_scope", "person_id", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    program: Mapped[str] = mapped_column(String(60))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("core_activities.id"))
    participation_id: Mapped[int | None] = mapped_column(ForeignKey("core_participations.id"))
    certification_id: Mapped[int | None] = mapped_column(ForeignKey("core_certifications.id"))
    credit_system: Mapped[str] = mapped_column(String(40))
    credit_type: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(120))
    formula: Mapped[str] = mapped_column(String(80))
    quantity: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(20))
    rate: Mapped[Decimal]
    caps_applied: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    amount: Mapped[Decimal]
    explanation: Mapped[str] = mapped_column(String(1000))
    earned_on: Mapped[date]
    reverses_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_credit_entries.id"), unique=True
    )
    restores_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_credit_entries.id"),
        index=True,
        doc="Credit a cap cut from that entry, given back once a correction made room.",
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


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


class DueItem(Base):
    """Something a person owes by a date: a questionnaire, a survey, a monthly report."""

    __tablename__ = "core_due_items"
    __table_args__ = (Index("ix_core_due_items_person_open", "person_id", "completed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    program: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date]
    subject_id: Mapped[int | None] = mapped_column(doc="The program object the item is about.")
    completed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None] = mapped_column(
        doc="Set when the item stopped being owed without being done (its person left the "
        "program, say): neither open nor completed, so it never falls due nor reads as answered."
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """A message recorded for a person (an approval, a match); delivery is a frontend's job."""

    __tablename__ = "core_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    program: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(120))
    message: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


CORE_MODELS: list[type[Base]] = [
    Organization,
    Person,
    RoleAssignment,
    Group,
    Membership,
    Activity,
    Participation,
    Certification,
    CreditEntry,
    Certificate,
    CertifiedEntry,
    DueItem,
    Notification,
]
