"""Core's exports: the roster of an organization with credits per program, attendance at its
activities, and a program's credits not yet reported. Each check asks what the GraphQL field
over the same data asks (``core.access``): staff of the organization (of the program, when
one is named); rows are then filtered by the same visibility conditions."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.exports import parameters, repository
from core.exports.csv import InvalidParameter, stream
from core.graphql.relay import to_global_id
from core.i18n import Text, _
from core.people.models import Organization
from core.programs import ExportSpec
from core.registry import Registry
from core.repository import find

ORGANIZATION = "organizationId"
PROGRAM = "program"
FROM = "from"
TO = "to"
PERSON_COLUMNS = ("given_name", "family_name", "email")


def person_headers() -> tuple[Text, ...]:
    return _("Given name"), _("Family name"), _("Email")


@dataclass(frozen=True)
class Scope:
    """What a core export was asked for, once the viewer may have it."""

    viewer: Viewer
    organization_id: int
    program: str | None = None
    start: date | None = None
    end: date | None = None


async def _organization(session: AsyncSession, viewer: Viewer, params: Mapping[str, str]) -> int:
    """Staff of the organization for some program; only a viewer who may see every
    organization learns that one does not exist."""
    organization_id = parameters.node(params, ORGANIZATION, "Organization")
    viewer.require_staff_in(organization_id)
    await find(session, Organization, organization_id, missing="organization")
    return organization_id


def core_exports(registry: Registry) -> list[ExportSpec]:
    """Core's exports, over the enabled programs."""
    programs = registry.slugs

    async def roster_scope(
        session: AsyncSession, viewer: Viewer, params: Mapping[str, str]
    ) -> Scope:
        return Scope(viewer, await _organization(session, viewer, params))

    def roster_rows(session: AsyncSession, scope: Scope) -> AsyncIterator[Sequence[object]]:
        statement = repository.roster(scope.viewer, scope.organization_id, programs)
        return stream(session, statement)

    async def attendance_scope(
        session: AsyncSession, viewer: Viewer, params: Mapping[str, str]
    ) -> Scope:
        program = parameters.choice(params, PROGRAM, programs)
        start, end = parameters.day(params, FROM), parameters.day(params, TO)
        organization_id = await _organization(session, viewer, params)
        if program is not None:
            viewer.require_staff(organization_id, program)
        return Scope(viewer, organization_id, program, start, end)

    def attendance_rows(session: AsyncSession, scope: Scope) -> AsyncIterator[Sequence[object]]:
        statement = repository.attendance(
            scope.viewer, scope.organization_id, scope.program, scope.start, scope.end
        )
        return stream(session, statement)

    async def pending_scope(
        session: AsyncSession, viewer: Viewer, params: Mapping[str, str]
    ) -> tuple[int, str]:
        program = parameters.choice(params, PROGRAM, programs)
        if program is None:
            raise InvalidParameter(_("The parameter {name!r} is required.", name=PROGRAM))
        organization_id = await _organization(session, viewer, params)
        viewer.require_staff(organization_id, program)
        return organization_id, program

    async def pending_rows(
        session: AsyncSession, scope: tuple[int, str]
    ) -> AsyncIterator[Sequence[object]]:
        statement = repository.pending_credits(*scope)
        async for row in stream(session, statement):
            yield (to_global_id("CreditEntry", row.id), *row[1:])

    return [
        ExportSpec(
            name="roster",
            title=lambda: _("People of an organization, their groups and credits per program"),
            columns=(
                *PERSON_COLUMNS,
                "profession",
                "licence_number",
                "groups",
                *(f"credits_{p}" for p in programs),
            ),
            headers=lambda: (
                *person_headers(),
                _("Profession"),
                _("Licence number"),
                _("Groups"),
                *(_("Credits: {program}", program=registry.title_of(p)) for p in programs),
            ),
            check=roster_scope,
            rows=roster_rows,
            parameters=(ORGANIZATION,),
        ),
        ExportSpec(
            name="attendance",
            title=lambda: _("Attendance at an organization's activities"),
            columns=(
                "held_on",
                "program",
                "activity_kind",
                "activity",
                *PERSON_COLUMNS,
                "licence_number",
                "hours",
            ),
            headers=lambda: (
                _("Date"),
                _("Program"),
                _("Kind of activity"),
                _("Activity"),
                *person_headers(),
                _("Licence number"),
                _("Hours"),
            ),
            check=attendance_scope,
            rows=attendance_rows,
            parameters=(ORGANIZATION, PROGRAM, FROM, TO),
        ),
        ExportSpec(
            name="pending-credits",
            title=lambda: _("A program's credits not yet certified or reported"),
            columns=(
                "credit_entry_id",
                "earned_on",
                *PERSON_COLUMNS,
                "licence_number",
                "activity_kind",
                "credit_system",
                "credit_type",
                "credits",
            ),
            headers=lambda: (
                _("Credit entry ID"),
                _("Earned on"),
                *person_headers(),
                _("Licence number"),
                _("Kind of activity"),
                _("Credit system"),
                _("Credit type"),
                _("Credits"),
            ),
            check=pending_scope,
            rows=pending_rows,
            parameters=(ORGANIZATION, PROGRAM),
        ),
    ]
