"""Groups with a capacity, the places people hold in them, and the invitations to them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow


class MembershipRole(enum.StrEnum):
    """A lead is a member who runs the group (a QI group's inviting member, a team's lead):
    their place counts against capacity like a member's; a facilitator's does not."""

    MEMBER = "member"
    FACILITATOR = "facilitator"
    LEAD = "lead"


COUNTED_ROLES = frozenset({MembershipRole.MEMBER, MembershipRole.LEAD})


class MembershipStatus(enum.StrEnum):
    ACTIVE = "active"
    WAITLISTED = "waitlisted"
    LEFT = "left"


class Group(Base):
    """A group of a program's kind. ``parent_id`` places it under a group of the kind its own
    kind names (a practice's team under its collaborative); ``practice_name`` and
    ``practice_location`` name the site a group represents, when its kind represents one.
    ``formed_by_id`` is the member who formed it (none for a group staff made)."""

    __tablename__ = "core_groups"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    program: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("core_groups.id"), index=True)
    practice_name: Mapped[str | None] = mapped_column(String(200))
    practice_location: Mapped[str | None] = mapped_column(String(200))
    formed_by_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"))


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


class InvitationStatus(enum.StrEnum):
    """What became of an invitation. Expiry is not a status: a pending invitation past its
    ``expires_at`` is expired by the clock alone, so no job has to mark it."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Invitation(Base):
    """An invitation by email to take a member's place in a group. ``invitee_id`` is set when
    the email belongs to someone registered at invitation time or when the invitation is
    answered; until then it is claimed by whoever signs in with that email. A pending one that
    has not expired holds a place: it counts against the group's capacity."""

    __tablename__ = "core_group_invitations"
    __table_args__ = (
        Index("ix_core_group_invitations_group_status", "group_id", "status"),
        Index("ix_core_group_invitations_email_status", "email", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("core_groups.id"))
    email: Mapped[str] = mapped_column(String(254))
    invitee_id: Mapped[int | None] = mapped_column(ForeignKey("core_people.id"), index=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"))
    status: Mapped[InvitationStatus] = mapped_column(string_enum(InvitationStatus))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    responded_at: Mapped[datetime | None]
