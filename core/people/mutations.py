"""Mutations registering organizations and people and granting roles."""

from __future__ import annotations

from datetime import date

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.people import roles
from core.people import service as directory
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
    cycle_start: date | None = None


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
