"""Who is asking, and how far each of their roles reaches.

A role granted on an organization reaches that organization and every one below it (a
regional support team's coordinator acts for its divisions), never one above or beside it.
:meth:`Grant.reaches` is the one answer to "does this grant reach organization X"; every check
of a role on an organization, in Python or as SQL (:meth:`Grant.reach`), goes through it. The
organizations a grant reaches are loaded with the viewer's grants, in the same statement, once
per request: a check costs no query, and a list filtered by reach costs none more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, false, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Forbidden, Unauthenticated
from core.i18n import N_, Language, _
from core.people.hierarchy import grants_with_reach
from core.people.models import Role

STAFF_ROLES = frozenset({Role.ADMIN, Role.PROGRAM_STAFF, Role.COORDINATOR})
ROLE_RANK = {
    Role.MEMBER: 0,
    Role.GUIDE: 1,
    Role.COORDINATOR: 2,
    Role.PROGRAM_STAFF: 3,
    Role.ADMIN: 4,
}
FORBIDDEN_MESSAGE = N_("You are not allowed to do this.")
"""Marked, not translated: say it with ``_(FORBIDDEN_MESSAGE)`` or :func:`forbidden`."""


def forbidden() -> Forbidden:
    """The refusal of someone who may not act here, in the reader's language."""
    return Forbidden(_(FORBIDDEN_MESSAGE))


@dataclass(frozen=True)
class Grant:
    """A role held in an organization (and program). ``reached`` is that organization and the
    ones below it, as loaded with the grant; a grant built without it reaches its own
    organization only."""

    role: Role
    organization_id: int | None
    program: str | None
    reached: frozenset[int] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        if self.organization_id is not None:
            object.__setattr__(self, "reached", self.reached | {self.organization_id})

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.ADMIN and self.organization_id is None

    def reaches(self, organization_id: int | None) -> bool:
        """Whether this grant reaches organization ``organization_id``: its own or one below."""
        return self.is_platform_admin or organization_id in self.reached

    def reach(self, organization: Any) -> ColumnElement[bool]:
        """:meth:`reaches` as SQL, on a column holding an organization id."""
        if self.is_platform_admin:
            return true()
        return organization.in_(sorted(self.reached)) if self.reached else false()

    def covers(self, organization_id: int | None, program: str | None) -> bool:
        """Whether this grant reaches an object of that organization and program."""
        if self.is_platform_admin:
            return True
        return self.reaches(organization_id) and self.program in (None, program)


@dataclass(frozen=True)
class Viewer:
    person_id: int | None
    grants: tuple[Grant, ...] = ()
    access_rules: tuple[AccessRule, ...] = field(default=(), compare=False, repr=False)
    language: Language | None = field(default=None, compare=False)

    @property
    def is_authenticated(self) -> bool:
        return self.person_id is not None

    @property
    def is_platform_admin(self) -> bool:
        return any(g.is_platform_admin for g in self.grants)

    def require_person(self) -> int:
        if self.person_id is None:
            raise Unauthenticated()
        return self.person_id

    def is_staff(self, organization_id: int | None, program: str | None = None) -> bool:
        return any(
            g.role in STAFF_ROLES and g.covers(organization_id, program) for g in self.grants
        )

    def require_staff(self, organization_id: int | None, program: str | None = None) -> None:
        self.require_person()
        if not self.is_staff(organization_id, program):
            raise forbidden()

    def require_staff_in(self, organization_id: int) -> None:
        """Staff of the organization for at least one program: asked before a request's own
        content is judged, so a refusal of someone who may not act there says nothing else."""
        self.require_person()
        if not any(g.role in STAFF_ROLES and g.reaches(organization_id) for g in self.grants):
            raise forbidden()

    def require_platform_admin(self) -> None:
        self.require_person()
        if not self.is_platform_admin:
            raise forbidden()

    def belongs_to(self, organization_id: int, program: str | None) -> bool:
        """Holds any role in the organization reaching the program: may join its groups."""
        return any(
            g.organization_id is not None
            and g.reaches(organization_id)
            and g.program in (None, program)
            for g in self.grants
        )

    def staff_grants(self) -> list[Grant]:
        return [g for g in self.grants if g.role in STAFF_ROLES]

    def can_grant(self, role: Role, organization_id: int | None, program: str | None) -> bool:
        """No one grants more than they hold: a staff grant covering the scope, of at least the
        rank being granted. Only platform admins create platform admins."""
        if organization_id is None:
            return self.is_platform_admin
        return any(
            g.role in STAFF_ROLES
            and g.covers(organization_id, program)
            and ROLE_RANK[g.role] >= ROLE_RANK[role]
            for g in self.grants
        )


ANONYMOUS = Viewer(person_id=None)


@dataclass(frozen=True)
class AccessRule:
    """A program's widening of person visibility: given a viewer, an SQL condition on
    ``core_people.id`` (or None when the rule gives this viewer nothing)."""

    name: str
    people: Callable[[Viewer], ColumnElement[bool] | None]


async def load_viewer(
    session: AsyncSession,
    person_id: int,
    rules: tuple[AccessRule, ...] = (),
    language: Language | None = None,
) -> Viewer:
    """The person's grants, each with the organizations it reaches, from one statement."""
    reached: dict[tuple[Role, int | None, str | None], set[int]] = {}
    for role, organization_id, program, organization in await grants_with_reach(session, person_id):
        below = reached.setdefault((Role(role), organization_id, program), set())
        if organization is not None:
            below.add(organization)
    grants = tuple(Grant(*key, reached=frozenset(ids)) for key, ids in reached.items())
    return Viewer(person_id=person_id, grants=grants, access_rules=rules, language=language)
