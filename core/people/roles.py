"""Role administration: who holds which role, where. No one grants more than they hold."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden, require_visible
from core.errors import Forbidden, RuleViolation
from core.i18n import _
from core.people import repository
from core.people.models import Organization, Person, Role, RoleAssignment
from core.repository import add, find, remove

ALREADY_HELD = "CORE-ROLE-HELD"
PLATFORM_ROLE = "CORE-ROLE-PLATFORM"


async def assign_role(
    session: AsyncSession,
    viewer: Viewer,
    *,
    person_id: int,
    organization_id: int | None,
    program: str | None,
    role: Role,
) -> RoleAssignment:
    """Grant a role in an organization (and program). The granter must hold a staff role of at
    least that rank covering the scope, and see the person (staff cannot pull strangers into
    their organization); only platform admins grant platform-wide admin."""
    viewer.require_person()
    if organization_id is None and role != Role.ADMIN:
        raise RuleViolation.single(
            PLATFORM_ROLE, _("Only the admin role can be held without an organization."), "role"
        )
    if not viewer.can_grant(role, organization_id, program):
        raise Forbidden()
    await require_visible(session, viewer, Person, person_id)
    if organization_id is not None:
        await find(session, Organization, organization_id, missing="organization")
    scope = _Scope(person_id, organization_id, program, role)
    if await repository.role_assignment(session, *scope) is not None:
        raise RuleViolation.single(ALREADY_HELD, _("This person already holds this role."), "role")
    return await _add(session, viewer, scope)


async def grant_program_role(
    session: AsyncSession,
    viewer: Viewer,
    *,
    person_id: int,
    organization_id: int,
    program: str,
    role: Role,
) -> RoleAssignment:
    """A program's workflow grants the role its own decision calls for (an approved learner
    becomes a member, a listed guide a guide). The person may be one its staff do not see
    yet (they applied from another organization), so core asks only that they exist; no one
    grants more than they hold, and a role held already is kept, never granted twice."""
    if not viewer.can_grant(role, organization_id, program):
        raise Forbidden()
    await find(session, Person, person_id, missing="person")
    await find(session, Organization, organization_id, missing="organization")
    scope = _Scope(person_id, organization_id, program, role)
    return await repository.role_assignment(session, *scope) or await _add(session, viewer, scope)


class _Scope(NamedTuple):
    """Who holds a role, where: a role assignment's identity."""

    person_id: int
    organization_id: int | None
    program: str | None
    role: Role


async def _add(session: AsyncSession, viewer: Viewer, scope: _Scope) -> RoleAssignment:
    return await add(session, RoleAssignment(**scope._asdict(), granted_by_id=viewer.person_id))


async def revoke_role(session: AsyncSession, viewer: Viewer, assignment_id: int) -> RoleAssignment:
    """Take a role away; the same rights are needed as to grant it."""
    assignment = await find(session, RoleAssignment, assignment_id)
    if assignment is None or not viewer.can_grant(
        assignment.role, assignment.organization_id, assignment.program
    ):
        raise hidden(viewer, "role assignment")
    await remove(session, assignment)
    return assignment
