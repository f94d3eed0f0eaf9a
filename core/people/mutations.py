"""Mutations registering organizations and people and granting roles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate, version_input
from core.graphql.relay import decoded, node_id
from core.i18n import Language
from core.people import accounts, roles
from core.people import service as directory
from core.people.models import EmailPreference
from core.people.models import Person as PersonRow
from core.people.types import Organization, Person, Profession, Role, RoleAssignment


@strawberry.input
class CreateOrganizationInput:
    name: str
    kind: str
    parent_id: strawberry.ID | None = node_id(
        "Organization",
        description="The organization it sits under; none for a root (platform admins only).",
        optional=True,
    )


@strawberry.type
class CreateOrganizationPayload(Payload):
    organization: Organization | None = None


@strawberry.input
class MoveOrganizationInput:
    organization_id: strawberry.ID = node_id("Organization")
    parent_id: strawberry.ID | None = node_id(
        "Organization",
        description="The new parent; none to make it a root (platform admins only).",
        optional=True,
    )


@strawberry.type
class MoveOrganizationPayload(Payload):
    organization: Organization | None = None


@strawberry.input
class CreatePersonInput:
    organization_id: strawberry.ID = node_id(
        "Organization",
        description="The organization registering the person; they become its member.",
    )
    program: str | None = strawberry.field(
        default=None, description="Limit the membership to one program of the organization."
    )
    given_name: str
    family_name: str
    email: str
    profession: Profession
    licence_number: str | None = None
    licence_province: str | None = None
    cycle_start: date | None = strawberry.field(
        default=None,
        description="The first day of the cycle the person's College assigned: recorded as "
        "a regular cycle of the system their profession follows (Mainpro+ for anyone else).",
    )


@strawberry.type
class CreatePersonPayload(Payload):
    person: Person | None = None


@strawberry.input
class AssignRoleInput:
    person_id: strawberry.ID = node_id("Person")
    organization_id: strawberry.ID | None = node_id(
        "Organization", description="None only for a platform-wide admin.", optional=True
    )
    program: str | None = None
    role: Role


@strawberry.type
class AssignRolePayload(Payload):
    role_assignment: RoleAssignment | None = None


@strawberry.input
class RevokeRoleInput:
    role_assignment_id: strawberry.ID = node_id("RoleAssignment")


@strawberry.type
class RevokeRolePayload(Payload):
    revoked: bool = False


@strawberry.input
class UpdatePersonInput:
    person_id: strawberry.ID = node_id("Person")
    given_name: str | None = strawberry.field(default=None, description="Left out: unchanged.")
    family_name: str | None = strawberry.field(default=None, description="Left out: unchanged.")
    email: str | None = strawberry.field(default=None, description="Left out: unchanged.")
    version: int | None = version_input()


@strawberry.input
class PersonAccountInput:
    person_id: strawberry.ID = node_id("Person")


@strawberry.input
class LinkAuthSubjectInput:
    person_id: strawberry.ID = node_id("Person")
    auth_subject: str = strawberry.field(
        description="The `sub` claim of the person's tokens from the identity provider."
    )


@strawberry.type
class PersonPayload(Payload):
    person: Person | None = None


@strawberry.input
class SetEmailPreferenceInput:
    preference: EmailPreference


@strawberry.input
class SetLanguageInput:
    language: Language | None = strawberry.field(
        description="Null: each request's Accept-Language chooses, and English what is sent."
    )


@strawberry.type
class PeopleMutation:
    @strawberry.mutation
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput
    ) -> CreateOrganizationPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            CreateOrganizationPayload,
            lambda s: directory.create_organization(s, viewer, **values),
            lambda row: {"organization": Organization.from_row(row)},
        )

    @strawberry.mutation(
        description="Put an organization, with everything below it, under another parent."
    )
    async def move_organization(
        self, info: Info, input: MoveOrganizationInput
    ) -> MoveOrganizationPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            MoveOrganizationPayload,
            lambda s: directory.move_organization(s, viewer, **values),
            lambda row: {"organization": Organization.from_row(row)},
        )

    @strawberry.mutation
    async def create_person(self, info: Info, input: CreatePersonInput) -> CreatePersonPayload:
        data = directory.PersonInput(**decoded(input))
        viewer = info.context.viewer
        return await mutate(
            info,
            CreatePersonPayload,
            lambda s: directory.create_person(s, viewer, data),
            lambda row: {"person": Person.from_row(row)},
        )

    @strawberry.mutation(description="Grant a role; no one grants more than they hold.")
    async def assign_role(self, info: Info, input: AssignRoleInput) -> AssignRolePayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            AssignRolePayload,
            lambda s: roles.assign_role(s, viewer, **values),
            lambda row: {"role_assignment": RoleAssignment.from_row(row)},
        )

    @strawberry.mutation(description="Take a role away; needs the rights to grant it.")
    async def revoke_role(self, info: Info, input: RevokeRoleInput) -> RevokeRolePayload:
        assignment_id = decoded(input)["role_assignment_id"]
        viewer = info.context.viewer
        return await mutate(
            info,
            RevokeRolePayload,
            lambda s: roles.revoke_role(s, viewer, assignment_id),
            lambda _: {"revoked": True},
        )

    @strawberry.mutation(
        description="Correct a person's names or email: the person themselves, or staff who "
        "could grant every role they hold."
    )
    async def update_person(self, info: Info, input: UpdatePersonInput) -> PersonPayload:
        return await _account(info, input, accounts.update_person)

    @strawberry.mutation(
        description="Stop a person signing in; their history stays (CORE-PERSON-*)."
    )
    async def deactivate_person(self, info: Info, input: PersonAccountInput) -> PersonPayload:
        return await _account(info, input, accounts.deactivate_person)

    @strawberry.mutation(description="Let a deactivated person sign in again.")
    async def reactivate_person(self, info: Info, input: PersonAccountInput) -> PersonPayload:
        return await _account(info, input, accounts.reactivate_person)

    @strawberry.mutation(
        description="Link a person to their identity provider's subject (platform admins)."
    )
    async def link_auth_subject(self, info: Info, input: LinkAuthSubjectInput) -> PersonPayload:
        return await _account(info, input, accounts.link_auth_subject)

    @strawberry.mutation(
        description="Choose which notifications you are emailed: ALL, or only those a program "
        "requires (REQUIRED); every one stays in your notifications."
    )
    async def set_email_preference(
        self, info: Info, input: SetEmailPreferenceInput
    ) -> PersonPayload:
        return await _own(info, lambda s, v: accounts.set_email_preference(s, v, input.preference))

    @strawberry.mutation(
        description="Choose the language you are answered and written to in: messages, "
        "rule reasons, notifications, emails, certificates and exports."
    )
    async def set_language(self, info: Info, input: SetLanguageInput) -> PersonPayload:
        return await _own(info, lambda s, v: accounts.set_language(s, v, input.language))

    @strawberry.mutation(description="Unlink a person's identity provider subject.")
    async def unlink_auth_subject(self, info: Info, input: PersonAccountInput) -> PersonPayload:
        return await _account(info, input, accounts.unlink_auth_subject)


async def _own(
    info: Info, change: Callable[[AsyncSession, Viewer], Awaitable[PersonRow]]
) -> PersonPayload:
    """A change the viewer makes to an account (their own choices, or staff's changes
    through ``_account``), answered with the person as they now are."""
    viewer = info.context.viewer
    return await mutate(
        info,
        PersonPayload,
        lambda s: change(s, viewer),
        lambda row: {"person": Person.from_row(row)},
    )


async def _account(
    info: Info, input: object, change: Callable[..., Awaitable[PersonRow]]
) -> PersonPayload:
    """A change to one person's account: ``change(session, viewer, person_id=, ...)`` with
    the input's fields, answered with the person as they now are."""
    values = decoded(input)
    return await _own(info, lambda s, viewer: change(s, viewer, **values))
