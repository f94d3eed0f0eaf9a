"""Activities that can earn credit, and attendance at them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


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
    capacity: Mapped[int | None] = mapped_column(
        doc="Seats, when they belong to the activity rather than a group; None: unbounded."
    )


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


class ActivityPart(Base):
    """One day or block of an activity with its own times and the hours it credits: a
    two-day learning session is two parts of seven hours, not 32 hours of wall clock."""

    __tablename__ = "core_activity_parts"
    __table_args__ = (
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint("ends_at > starts_at", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("core_activities.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    hours: Mapped[Decimal]


class PartAttendance(Base):
    """That a participation covers one part: the participation's hours are the sum of its
    parts' hours, so attendance is recorded (and corrected) as which parts were attended."""

    __tablename__ = "core_part_attendances"
    __table_args__ = (UniqueConstraint("participation_id", "part_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("core_participations.id"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("core_activity_parts.id"), index=True)


class Seat(Base):
    """A person's registration for an activity whose seats belong to it (a session of at
    most 12), not to a group. Cancelling frees the seat; registering again takes one anew."""

    __tablename__ = "core_activity_seats"
    __table_args__ = (UniqueConstraint("activity_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("core_activities.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    cancelled_at: Mapped[datetime | None]


class WaitlistEntry(Base):
    """A person waiting for a seat at a full activity. ``ticket`` numbers the activity's
    entries in the order they joined (taken under the activity's row lock, so two people never
    share one); a person's position is their rank among those still waiting. Leaving, or
    being promoted to a seat, closes the entry; joining again takes a new ticket, at the back."""

    __tablename__ = "core_activity_waitlist"
    __table_args__ = (
        UniqueConstraint("activity_id", "person_id"),
        UniqueConstraint("activity_id", "ticket"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("core_activities.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    ticket: Mapped[int]
    waitlisted_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))
    promoted_at: Mapped[datetime | None] = mapped_column(
        doc="When the person was given a freed seat, in the transaction that freed it."
    )
    left_at: Mapped[datetime | None] = mapped_column(doc="When the person left the line.")
