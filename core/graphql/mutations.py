"""Core mutations: thin resolvers that decode input, call a service in one transaction, and
return a payload whose ``errors`` carry the rule IDs of any refusal."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import visible_ids
from core.activities import service as activities
from core.certificates import service as certificates
from core.due_items import service as due_items
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id
from core.graphql.types import (
    Activity,
    Certificate,
    CreditEntry,
    Decision,
    DueItem,
    Group,
    Membership,
    MembershipRole,
    Organization,
    Participation,
    Person,
    Profession,
    Role,
    RoleAssignment,
)
from core.groups import service as groups
from core.groups.models import Group as GroupRow
from core.groups.models import Membership as MembershipRow
from core.people import roles
from core.people import service as directory
from core.people.models import Person as PersonRow


@strawberry.input
class CreateOrganizationInput:
    name: str
    kind: str


@strawberry.type
class CreateOrganizationPayload(Payload):
    organization: Organization | None = None


@strawberry.input
class CreatePersonInput:
    organization_id: strawberry.ID = strawberry.field(
        description="The organization registering the person; they become its member."
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
class CreateGroupInput:
    organization_id: strawberry.ID
    kind: str
    name: str
    capacity: int


@strawberry.type
class CreateGroupPayload(Payload):
    group: Group | None = None


@strawberry.input
class JoinGroupInput:
    group_id: strawberry.ID
    person_id: strawberry.ID
    role: MembershipRole = MembershipRole.MEMBER
    waitlist: bool | None = strawberry.field(
        default=None, description="Take a waitlist place if full; default: the group kind's rule."
    )


@strawberry.type
class JoinGroupPayload(Payload):
    membership: Membership | None = None


@strawberry.input
class LeaveGroupInput:
    group_id: strawberry.ID
    person_id: strawberry.ID


@strawberry.type
class LeaveGroupPayload(Payload):
    membership: Membership | None = None
    promoted: list[Membership] = strawberry.field(
        default_factory=list, description="Waitlisted people moved into the freed places."
    )


@strawberry.input
class CreateActivityInput:
    organization_id: strawberry.ID
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    group_id: strawberry.ID | None = None


@strawberry.type
class CreateActivityPayload(Payload):
    activity: Activity | None = None


@strawberry.input
class RecordParticipationInput:
    activity_id: strawberry.ID
    person_id: strawberry.ID
    hours: Decimal


@strawberry.type
class RecordParticipationPayload(Payload):
    participation: Participation | None = None
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = strawberry.field(
        default=None, description="Why credit was (or was not) awarded."
    )


@strawberry.input
class CreateDueItemInput:
    person_id: strawberry.ID
    program: str
    kind: str
    title: str
    due_on: date


@strawberry.type
class DueItemPayload(Payload):
    due_item: DueItem | None = None


@strawberry.input
class CompleteDueItemInput:
    due_item_id: strawberry.ID


@strawberry.input
class IssueCertificateInput:
    person_id: strawberry.ID
    organization_id: strawberry.ID
    program: str
    title: str
    period_start: date
    period_end: date


@strawberry.type
class IssueCertificatePayload(Payload):
    certificate: Certificate | None = None


@strawberry.input
class AssignRoleInput:
    person_id: strawberry.ID
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="None only for a platform-wide admin."
    )
    program: str | None = None
    role: Role


@strawberry.type
class AssignRolePayload(Payload):
    role_assignment: RoleAssignment | None = None


@strawberry.input
class RevokeRoleInput:
    role_assignment_id: strawberry.ID


@strawberry.type
class RevokeRolePayload(Payload):
    revoked: bool = False


async def _membership(session: AsyncSession, row: MembershipRow) -> Membership:
    """A membership for a payload, with its person and group (already in the session)."""
    person = await session.get(PersonRow, row.person_id)
    group = await session.get(GroupRow, row.group_id)
    assert person is not None
    assert group is not None
    return Membership.from_row(row, Person.from_row(person), Group.from_row(group))


@strawberry.type
class CoreMutation:
    @strawberry.mutation
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput
    ) -> CreateOrganizationPayload:
        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await directory.create_organization(
                session, info.context.viewer, input.name, input.kind
            )
            return {"organization": Organization.from_row(row)}

        return await mutate(info, CreateOrganizationPayload, work)

    @strawberry.mutation
    async def create_person(self, info: Info, input: CreatePersonInput) -> CreatePersonPayload:
        organization_id = decode_id(input.organization_id, "Organization")

        async def work(session: AsyncSession) -> dict[str, Any]:
            data = directory.PersonInput(
                organization_id=organization_id,
                program=input.program,
                given_name=input.given_name,
                family_name=input.family_name,
                email=input.email,
                profession=Profession(input.profession),
                licence_number=input.licence_number,
                licence_province=input.licence_province,
                cycle_start=input.cycle_start,
            )
            row = await directory.create_person(session, info.context.viewer, data)
            return {"person": Person.from_row(row)}

        return await mutate(info, CreatePersonPayload, work)

    @strawberry.mutation
    async def create_group(self, info: Info, input: CreateGroupInput) -> CreateGroupPayload:
        organization_id = decode_id(input.organization_id, "Organization")

        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await groups.create_group(
                session,
                info.context.registry,
                info.context.viewer,
                organization_id=organization_id,
                kind=input.kind,
                name=input.name,
                capacity=input.capacity,
            )
            return {"group": Group.from_row(row)}

        return await mutate(info, CreateGroupPayload, work)

    @strawberry.mutation(description="Take a place in a group, bounded by its capacity.")
    async def join_group(self, info: Info, input: JoinGroupInput) -> JoinGroupPayload:
        group_id = decode_id(input.group_id, "Group")
        person_id = decode_id(input.person_id, "Person")

        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await groups.join(
                session,
                info.context.registry,
                info.context.viewer,
                group_id,
                person_id,
                MembershipRole(input.role),
                input.waitlist,
            )
            return {"membership": await _membership(session, row)}

        return await mutate(info, JoinGroupPayload, work)

    @strawberry.mutation(description="End a place; the waitlist moves up, first come first served.")
    async def leave_group(self, info: Info, input: LeaveGroupInput) -> LeaveGroupPayload:
        group_id = decode_id(input.group_id, "Group")
        person_id = decode_id(input.person_id, "Person")

        async def work(session: AsyncSession) -> dict[str, Any]:
            viewer = info.context.viewer
            ended, promoted = await groups.leave(
                session, info.context.registry, viewer, group_id, person_id
            )
            # Who moved up from the waitlist is shown only to those who may see them.
            shown = await visible_ids(session, viewer, PersonRow, [m.person_id for m in promoted])
            return {
                "membership": await _membership(session, ended),
                "promoted": [
                    await _membership(session, m) for m in promoted if m.person_id in shown
                ],
            }

        return await mutate(info, LeaveGroupPayload, work)

    @strawberry.mutation
    async def create_activity(
        self, info: Info, input: CreateActivityInput
    ) -> CreateActivityPayload:
        data = activities.ActivityInput(
            organization_id=decode_id(input.organization_id, "Organization"),
            kind=input.kind,
            title=input.title,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            location=input.location,
            group_id=decode_id(input.group_id, "Group") if input.group_id else None,
        )

        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await activities.create_activity(
                session, info.context.registry, info.context.viewer, data
            )
            return {"activity": Activity.from_row(row)}

        return await mutate(info, CreateActivityPayload, work)

    @strawberry.mutation(description="Record hours attended; awards the credit they earn.")
    async def record_participation(
        self, info: Info, input: RecordParticipationInput
    ) -> RecordParticipationPayload:
        activity_id = decode_id(input.activity_id, "Activity")
        person_id = decode_id(input.person_id, "Person")

        async def work(session: AsyncSession) -> dict[str, Any]:
            participation, award = await activities.record_participation(
                session,
                info.context.registry,
                info.context.viewer,
                activity_id=activity_id,
                person_id=person_id,
                hours=input.hours,
            )
            return {
                "participation": Participation.from_row(participation),
                "credit_entry": CreditEntry.from_row(award.entry) if award.entry else None,
                "credit_decision": Decision.from_value(award.decision),
            }

        return await mutate(info, RecordParticipationPayload, work)

    @strawberry.mutation
    async def create_due_item(self, info: Info, input: CreateDueItemInput) -> DueItemPayload:
        person_id = decode_id(input.person_id, "Person")

        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await due_items.create_due_item(
                session,
                info.context.registry,
                info.context.viewer,
                person_id=person_id,
                program=input.program,
                kind=input.kind,
                title=input.title,
                due_on=input.due_on,
            )
            return {"due_item": DueItem.from_row(row)}

        return await mutate(info, DueItemPayload, work)

    @strawberry.mutation
    async def complete_due_item(self, info: Info, input: CompleteDueItemInput) -> DueItemPayload:
        item_id = decode_id(input.due_item_id, "DueItem")

        async def work(session: AsyncSession) -> dict[str, Any]:
            return {
                "due_item": DueItem.from_row(
                    await due_items.complete_due_item(
                        session, info.context.registry, info.context.viewer, item_id
                    )
                )
            }

        return await mutate(info, DueItemPayload, work)

    @strawberry.mutation(description="Certify the credits a person earned in a program.")
    async def issue_certificate(
        self, info: Info, input: IssueCertificateInput
    ) -> IssueCertificatePayload:
        person_id = decode_id(input.person_id, "Person")
        organization_id = decode_id(input.organization_id, "Organization")

        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await certificates.issue_certificate(
                session,
                info.context.registry,
                info.context.viewer,
                person_id=person_id,
                organization_id=organization_id,
                program=input.program,
                title=input.title,
                period_start=input.period_start,
                period_end=input.period_end,
            )
            return {"certificate": Certificate.from_row(row)}

        return await mutate(info, IssueCertificatePayload, work)

    @strawberry.mutation(description="Grant a role; no one grants more than they hold.")
    async def assign_role(self, info: Info, input: AssignRoleInput) -> AssignRolePayload:
        person_id = decode_id(input.person_id, "Person")
        organization_id = (
            decode_id(input.organization_id, "Organization") if input.organization_id else None
        )

        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await roles.assign_role(
                session,
                info.context.viewer,
                person_id=person_id,
                organization_id=organization_id,
                program=input.program,
                role=Role(input.role),
            )
            return {"role_assignment": RoleAssignment.from_row(row)}

        return await mutate(info, AssignRolePayload, work)

    @strawberry.mutation(description="Take a role away; needs the rights to grant it.")
    async def revoke_role(self, info: Info, input: RevokeRoleInput) -> RevokeRolePayload:
        assignment_id = decode_id(input.role_assignment_id, "RoleAssignment")

        async def work(session: AsyncSession) -> dict[str, Any]:
            await roles.revoke_role(session, info.context.viewer, assignment_id)
            return {"revoked": True}

        return await mutate(info, RevokeRolePayload, work)
