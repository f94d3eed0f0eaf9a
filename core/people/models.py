"""People and the organizations they belong to, with the roles they hold there."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, string_enum, utcnow
from core.i18n import Language
from core.versions import Versioned


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


class EmailPreference(enum.StrEnum):
    """Which notifications a person is emailed: every one, or only those a program requires
    (they always see them all in the API)."""

    ALL = "all"
    REQUIRED = "required"


class Role(enum.StrEnum):
    ADMIN = "admin"
    PROGRAM_STAFF = "program_staff"
    COORDINATOR = "coordinator"
    GUIDE = "guide"
    MEMBER = "member"


class Organization(Base):
    """An organization, under at most one parent (a division under its regional support team,
    that under a provincial office): a role held here reaches every organization below."""

    __tablename__ = "core_organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(60))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("core_organizations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Person(Versioned, Base):
    """Their profile is edited by hand, by them and by staff: edits are versioned
    (``core.versions``)."""

    __tablename__ = "core_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    profession: Mapped[Profession] = mapped_column(string_enum(Profession))
    licence_number: Mapped[str | None] = mapped_column(String(40))
    licence_province: Mapped[str | None] = mapped_column(String(2))
    auth_subject: Mapped[str | None] = mapped_column(
        String(255), unique=True, doc="The `sub` of this person's OIDC tokens."
    )
    deactivated_at: Mapped[datetime | None] = mapped_column(
        doc="Set while the person may not sign in; their history stays."
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    email_preference: Mapped[EmailPreference] = mapped_column(
        string_enum(EmailPreference),
        # Filled by the database (and read back on insert): a person written by code that
        # predates the column, as older revisions' migrations do, still gets the default.
        server_default=EmailPreference.ALL.value,
    )
    language: Mapped[Language | None] = mapped_column(
        string_enum(Language), doc="Their choice; null follows each request's Accept-Language."
    )

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def active(self) -> bool:
        return self.deactivated_at is None


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
