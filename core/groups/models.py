"""Groups with a capacity, and the places people hold in them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow


class MembershipRole(enum.StrEnum):
    MEMBER = "member"
    FACILITATOR = "facilitator"


class MembershipStatus(enum.StrEnum):
    ACTIVE = "active"
    WAITLISTED = "waitlisted"
    LEFT = "left"


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
