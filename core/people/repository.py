"""Statements about organizations, people and their roles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, people_visible
from core.people.hierarchy import chains
from core.people.models import Organization, Person, Role, RoleAssignment
from core.repository import by_id, grouped_by


def organizations() -> Select[Any]:
    return select(Organization)


def people(viewer: Viewer, term: str, include_deactivated: bool = False) -> Select[Any]:
    """The people the viewer may see whose name or email contains ``term`` (any, if empty);
    the deactivated only when asked for."""
    statement = select(Person).where(people_visible(viewer))
    if not include_deactivated:
        statement = statement.where(Person.deactivated_at.is_(None))
    if term:
        statement = statement.where(
            or_(
                Person.email.icontains(term, autoescape=True),
                Person.given_name.icontains(term, autoescape=True),
                Person.family_name.icontains(term, autoescape=True),
            )
        )
    return statement


async def organizations_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Organization)


async def children_by_id(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    """The organizations directly under each one, oldest first."""
    return await grouped_by(session, Organization, Organization.parent_id, ids)


async def ancestor_ids(session: AsyncSession, ids: Sequence[int]) -> list[list[int]]:
    """The ids of the organizations above each one, nearest first, in one statement."""
    found = await chains(session, ids)
    return [found.get(pk, []) for pk in ids]


async def people_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Person)


async def roles_by_person(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await grouped_by(session, RoleAssignment, RoleAssignment.person_id, ids)


async def organization_named(session: AsyncSession, name: str) -> int | None:
    return await session.scalar(select(Organization.id).where(Organization.name == name))


async def person_with_email(session: AsyncSession, email: str) -> int | None:
    return await session.scalar(select(Person.id).where(Person.email == email))


async def active_platform_admins(session: AsyncSession) -> list[Person]:
    """Active people holding the admin role without an organization, oldest first."""
    rows = await session.scalars(
        select(Person)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(
            RoleAssignment.role == Role.ADMIN,
            RoleAssignment.organization_id.is_(None),
            Person.deactivated_at.is_(None),
        )
        .order_by(Person.id)
    )
    return list(rows.all())


async def first_organization_of(session: AsyncSession, person_id: int) -> Organization | None:
    """The oldest organization where the person holds the admin role."""
    return await session.scalar(
        select(Organization)
        .join(RoleAssignment, RoleAssignment.organization_id == Organization.id)
        .where(RoleAssignment.person_id == person_id, RoleAssignment.role == Role.ADMIN)
        .order_by(Organization.id)
        .limit(1)
    )


async def organization_by_name(session: AsyncSession, name: str) -> Organization | None:
    return await session.scalar(select(Organization).where(Organization.name == name))


async def person_by_email(session: AsyncSession, email: str) -> Person | None:
    return await session.scalar(select(Person).where(Person.email == email))


async def person_with_subject(session: AsyncSession, subject: str) -> int | None:
    return await session.scalar(select(Person.id).where(Person.auth_subject == subject))


async def role_assignment(
    session: AsyncSession,
    person_id: int,
    organization_id: int | None,
    program: str | None,
    role: Role,
) -> RoleAssignment | None:
    """The assignment of exactly this role and scope; a platform-wide or organization-wide
    role is one whose organization or program is empty, not one matching any."""
    return await session.scalar(
        select(RoleAssignment).where(
            RoleAssignment.person_id == person_id,
            RoleAssignment.role == role,
            _same(RoleAssignment.organization_id, organization_id),
            _same(RoleAssignment.program, program),
        )
    )


def _same(column: Any, value: object) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value
