"""Core GraphQL object types. Each is built once from a row (``from_row``) with plain
attributes; only relations resolve, and they go through per-request DataLoaders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types.nodes import SelectedField

from core.activities.models import Activity as ActivityRow
from core.activities.models import Participation as ParticipationRow
from core.certificates.models import Certificate as CertificateRow
from core.credits.models import Certification as CertificationRow
from core.credits.models import CreditEntry as CreditEntryRow
from core.due_items.models import DueItem as DueItemRow
from core.eligibility import Decision as DecisionValue
from core.graphql import loaders
from core.graphql.context import Info
from core.graphql.relay import Node, to_global_id
from core.groups.models import Group as GroupRow
from core.groups.models import Membership as MembershipRow
from core.groups.models import MembershipRole, MembershipStatus
from core.notifications.models import Notification as NotificationRow
from core.people.models import Organization as OrganizationRow
from core.people.models import Person as PersonRow
from core.people.models import Profession, Role
from core.people.models import RoleAssignment as RoleAssignmentRow

Profession = strawberry.enum(Profession, description="A person's profession.")
Role = strawberry.enum(Role, description="A role held within an organization.")
MembershipRole = strawberry.enum(MembershipRole)
MembershipStatus = strawberry.enum(MembershipStatus)


@strawberry.type(description="Who runs a program: a division, a college, an association.")
class Organization(Node):
    name: str
    kind: str

    @classmethod
    def from_row(cls, row: OrganizationRow) -> Organization:
        return cls(id=to_global_id("Organization", row.id), name=row.name, kind=row.kind)


@strawberry.type(description="A role a person holds in an organization (and program).")
class RoleAssignment(Node):
    role: Role
    program: str | None = strawberry.field(description="The program it is limited to, if any.")
    organization_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: RoleAssignmentRow) -> RoleAssignment:
        return cls(
            id=to_global_id("RoleAssignment", row.id),
            role=row.role,
            program=row.program,
            organization_id=row.organization_id,
        )

    @strawberry.field(description="None for a platform admin, whose role spans organizations.")
    async def organization(self, info: Info) -> Organization | None:
        if self.organization_id is None:
            return None
        row = await info.context.loaders(loaders.organizations_by_id).load(self.organization_id)
        return Organization.from_row(row)


@strawberry.type(description="A physician or practice-team member. Never a patient.")
class Person(Node):
    given_name: str
    family_name: str
    name: str
    email: str
    profession: Profession
    licence_number: str | None
    licence_province: str | None
    cycle_start: date | None
    pk: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: PersonRow) -> Person:
        return cls(
            id=to_global_id("Person", row.id),
            pk=row.id,
            given_name=row.given_name,
            family_name=row.family_name,
            name=f"{row.given_name} {row.family_name}",
            email=row.email,
            profession=row.profession,
            licence_number=row.licence_number,
            licence_province=row.licence_province,
            cycle_start=row.cycle_start,
        )

    @strawberry.field(
        description="Roles held, by organization and program: all of them to the person "
        "themselves, those in the organizations they run to staff."
    )
    async def roles(self, info: Info) -> list[RoleAssignment]:
        viewer = info.context.viewer
        rows = await info.context.loaders(loaders.roles_by_person).load(self.pk)
        return [
            RoleAssignment.from_row(r)
            for r in rows
            if viewer.person_id == self.pk or viewer.is_staff(r.organization_id, r.program)
        ]

    @strawberry.field(description="Places held in groups the viewer may see, waitlists included.")
    async def memberships(self, info: Info) -> list[Membership]:
        context = info.context
        rows = await context.loaders(loaders.memberships_by_person).load(self.pk)
        groups = await context.loaders(loaders.visible_by_id, GroupRow, context.viewer).load_many(
            [r.group_id for r in rows]
        )
        return [
            Membership.from_row(r, self, Group.from_row(g))
            for r, g in zip(rows, groups, strict=True)
            if g is not None
        ]

    @strawberry.field(description="Credits across every program, with cycle progress.")
    async def transcript(self, info: Info, cycle_start: date | None = None) -> Transcript:
        from core.graphql.queries import transcript_for

        return await transcript_for(info, self.pk, cycle_start)

    @strawberry.field(
        description="Messages recorded for this person (approvals, matches), newest first; "
        "only the person sees them."
    )
    async def notifications(self, info: Info) -> list[Notification]:
        if info.context.viewer.person_id != self.pk:
            return []
        statement = select(NotificationRow).where(NotificationRow.person_id == self.pk)
        async with info.context.db.read() as session:
            rows = await session.scalars(
                statement.order_by(NotificationRow.created_at.desc(), NotificationRow.id)
            )
            return [Notification.from_row(r) for r in rows.all()]

    @strawberry.field(description="What this person owes, soonest first.")
    async def due_items(self, info: Info, include_completed: bool = False) -> list[DueItem]:
        from core.graphql.queries import due_items_for

        return await due_items_for(info, self.pk, include_completed)


@strawberry.type(description="A person's place in a group.")
class Membership:
    role: MembershipRole
    status: MembershipStatus
    waitlisted_at: datetime | None
    joined_at: datetime | None
    left_at: datetime | None
    person: Person
    group: Group

    @classmethod
    def from_row(cls, row: MembershipRow, person: Person | None, group: Group) -> Membership:
        """``person`` is None only when the query does not ask for it (it is never read)."""
        return cls(
            role=row.role,
            status=row.status,
            waitlisted_at=row.waitlisted_at,
            joined_at=row.joined_at,
            left_at=row.left_at,
            person=person,  # type: ignore[arg-type]
            group=group,
        )


def selected_fields(info: Info) -> set[str]:
    """The names selected under the field being resolved, through fragments too."""
    names: set[str] = set()

    def walk(selections: list[Any]) -> None:
        for selection in selections:
            if isinstance(selection, SelectedField):
                names.add(selection.name)
            else:
                walk(selection.selections)

    for field in info.selected_fields:
        walk(field.selections)
    return names


@strawberry.type(description="People learning together, with a capacity.")
class Group(Node):
    name: str
    kind: str
    program: str
    capacity: int
    pk: strawberry.Private[int]
    organization_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: GroupRow) -> Group:
        return cls(
            id=to_global_id("Group", row.id),
            pk=row.id,
            name=row.name,
            kind=row.kind,
            program=row.program,
            capacity=row.capacity,
            organization_id=row.organization_id,
        )

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        row = await info.context.loaders(loaders.organizations_by_id).load(self.organization_id)
        return Organization.from_row(row)

    @strawberry.field(description="Active members (facilitators excluded).")
    async def member_count(self, info: Info) -> int:
        return await info.context.loaders(loaders.active_counts_by_group).load(self.pk)

    @strawberry.field(description="Places still free.")
    async def places_left(self, info: Info) -> int:
        taken = await info.context.loaders(loaders.active_counts_by_group).load(self.pk)
        return max(self.capacity - taken, 0)

    @strawberry.field(
        description="Memberships, optionally of one status; waitlist in order. Staff and the "
        "group's facilitators see everyone; a member sees their own place."
    )
    async def memberships(
        self, info: Info, status: MembershipStatus | None = None
    ) -> list[Membership]:
        viewer = info.context.viewer
        if "person" in selected_fields(info):
            pairs = await info.context.loaders(loaders.members_by_group).load(self.pk)
        else:
            rows = await info.context.loaders(loaders.memberships_by_group).load(self.pk)
            pairs = [(r, None) for r in rows]
        sees_all = viewer.is_staff(self.organization_id, self.program) or any(
            r.person_id == viewer.person_id
            and r.role == MembershipRole.FACILITATOR
            and r.status == MembershipStatus.ACTIVE
            for r, _ in pairs
        )
        chosen = [
            (r, p)
            for r, p in pairs
            if (status is None or r.status == status)
            and (sees_all or r.person_id == viewer.person_id)
        ]
        if status == MembershipStatus.WAITLISTED:
            chosen.sort(key=lambda pair: (pair[0].waitlisted_at, pair[0].id))
        return [
            Membership.from_row(r, Person.from_row(p) if p is not None else None, self)
            for r, p in chosen
        ]


@strawberry.type(description="Something that happens and can earn credit.")
class Activity(Node):
    title: str
    kind: str
    program: str
    starts_at: datetime
    ends_at: datetime
    held_on: date = strawberry.field(description="The local date it happened; credits count on it.")
    hours: Decimal
    location: str | None
    organization_id: strawberry.Private[int]
    group_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: ActivityRow) -> Activity:
        return cls(
            id=to_global_id("Activity", row.id),
            title=row.title,
            kind=row.kind,
            program=row.program,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            held_on=row.held_on,
            hours=row.hours,
            location=row.location,
            organization_id=row.organization_id,
            group_id=row.group_id,
        )

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        row = await info.context.loaders(loaders.organizations_by_id).load(self.organization_id)
        return Organization.from_row(row)

    @strawberry.field(description="The group it is held for, if the viewer may see it.")
    async def group(self, info: Info) -> Group | None:
        if self.group_id is None:
            return None
        loader = info.context.loaders(loaders.visible_by_id, GroupRow, info.context.viewer)
        row = await loader.load(self.group_id)
        return None if row is None else Group.from_row(row)


@strawberry.type(description="A person's attendance at an activity.")
class Participation(Node):
    hours: Decimal
    recorded_at: datetime
    withdrawn_at: datetime | None = strawberry.field(
        description="When it was withdrawn as logged in error; its credits were reversed."
    )
    correction_note: str | None = strawberry.field(
        description="Why it was last corrected or withdrawn."
    )
    person_id: strawberry.Private[int]
    activity_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: ParticipationRow) -> Participation:
        return cls(
            id=to_global_id("Participation", row.id),
            hours=row.hours,
            recorded_at=row.recorded_at,
            withdrawn_at=row.withdrawn_at,
            correction_note=row.correction_note,
            person_id=row.person_id,
            activity_id=row.activity_id,
        )

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return Person.from_row(
            await info.context.loaders(loaders.people_by_id).load(self.person_id)
        )

    @strawberry.field
    async def activity(self, info: Info) -> Activity:
        row = await info.context.loaders(loaders.activities_by_id).load(self.activity_id)
        return Activity.from_row(row)


@strawberry.type(description="A cap that cut an award, and by how much.")
class AppliedCap:
    code: str = strawberry.field(description="The rule ID of the cap, e.g. PW-CREDIT-PEER.")
    scope: str
    limit: Decimal
    already_awarded: Decimal
    before: Decimal
    after: Decimal


@strawberry.type(description="One line of the append-only credit ledger, with its reasons.")
class CreditEntry(Node):
    program: str
    credit_system: str
    credit_type: str
    scope: str
    formula: str
    quantity: Decimal
    unit: str
    rate: Decimal
    amount: Decimal
    caps_applied: list[AppliedCap]
    explanation: str
    earned_on: date
    created_at: datetime
    reverses_entry_id: strawberry.ID | None
    restores_entry_id: strawberry.ID | None = strawberry.field(
        description="The award whose capped-off credit this entry gives back, after a "
        "correction made room under the cap."
    )
    activity_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: CreditEntryRow) -> CreditEntry:
        reverses, restores = row.reverses_entry_id, row.restores_entry_id
        return cls(
            id=to_global_id("CreditEntry", row.id),
            program=row.program,
            credit_system=row.credit_system,
            credit_type=row.credit_type,
            scope=row.scope,
            formula=row.formula,
            quantity=row.quantity,
            unit=row.unit,
            rate=row.rate,
            amount=row.amount,
            caps_applied=[_applied_cap(c) for c in row.caps_applied],
            explanation=row.explanation,
            earned_on=row.earned_on,
            created_at=row.created_at,
            reverses_entry_id=to_global_id("CreditEntry", reverses) if reverses else None,
            restores_entry_id=to_global_id("CreditEntry", restores) if restores else None,
            activity_id=row.activity_id,
        )

    @strawberry.field(description="The activity that earned it, if the viewer may see it.")
    async def activity(self, info: Info) -> Activity | None:
        if self.activity_id is None:
            return None
        loader = info.context.loaders(loaders.visible_by_id, ActivityRow, info.context.viewer)
        row = await loader.load(self.activity_id)
        return None if row is None else Activity.from_row(row)


def _applied_cap(raw: dict[str, Any]) -> AppliedCap:
    return AppliedCap(
        code=raw["code"],
        scope=raw["scope"],
        limit=Decimal(raw["limit"]),
        already_awarded=Decimal(raw["already_awarded"]),
        before=Decimal(raw["before"]),
        after=Decimal(raw["after"]),
    )


@strawberry.type(description="A credit certification: its rate holds for its period only.")
class Certification:
    code: str
    activity_kind: str
    program: str
    title: str
    credit_system: str
    credit_type: str
    rate: Decimal
    unit: str
    effective_from: date
    effective_to: date | None

    @classmethod
    def from_row(cls, row: CertificationRow) -> Certification:
        return cls(
            code=row.code,
            activity_kind=row.activity_kind,
            program=row.program,
            title=row.title,
            credit_system=row.credit_system,
            credit_type=row.credit_type,
            rate=row.rate,
            unit=row.unit,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
        )


@strawberry.type(description="A certificate issued to a person for credits earned.")
class Certificate(Node):
    number: str
    program: str
    title: str
    statement: str
    credits: Decimal
    certification_code: str | None
    period_start: date
    period_end: date
    issued_at: datetime

    @classmethod
    def from_row(cls, row: CertificateRow) -> Certificate:
        return cls(
            id=to_global_id("Certificate", row.id),
            number=row.number,
            program=row.program,
            title=row.title,
            statement=row.statement,
            credits=row.credits,
            certification_code=row.certification_code,
            period_start=row.period_start,
            period_end=row.period_end,
            issued_at=row.issued_at,
        )


@strawberry.type(description="Something a person owes by a date.")
class DueItem(Node):
    program: str
    kind: str
    title: str
    due_on: date
    completed_at: datetime | None
    closed_at: datetime | None = strawberry.field(
        description="When it stopped being owed without being done (the person left its "
        "program): a closed item is neither open nor overdue nor completed."
    )

    @classmethod
    def from_row(cls, row: DueItemRow) -> DueItem:
        return cls(
            id=to_global_id("DueItem", row.id),
            program=row.program,
            kind=row.kind,
            title=row.title,
            due_on=row.due_on,
            completed_at=row.completed_at,
            closed_at=row.closed_at,
        )


@strawberry.type(description="A message recorded for a person by a program.")
class Notification:
    program: str
    kind: str
    message: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_row(cls, row: NotificationRow) -> Notification:
        return cls(
            program=row.program,
            kind=row.kind,
            message=row.message,
            created_at=row.created_at,
            read_at=row.read_at,
        )


@strawberry.type(description="One rule's verdict: its rule ID and a readable reason.")
class Reason:
    code: str
    message: str
    allowed: bool
    field: str | None


@strawberry.type(description="Whether an action is allowed, with every rule's reason.")
class Decision:
    allowed: bool
    reasons: list[Reason]

    @classmethod
    def from_value(cls, value: DecisionValue) -> Decision:
        return cls(
            allowed=value.allowed,
            reasons=[
                Reason(code=r.code, message=r.message, allowed=r.allowed, field=r.field)
                for r in value.reasons
            ],
        )


@strawberry.type(description="Credits of one program within the transcript's cycle.")
class ProgramCredits:
    program: str
    total: Decimal
    certified: Decimal


@strawberry.type(description="Credits earned in one year (1 July to 30 June) of the cycle.")
class CycleYear:
    starts_on: date
    ends_on: date
    total: Decimal
    required: Decimal
    met: bool


@strawberry.type(description="Progress against the five-year Mainpro+ cycle.")
class CycleProgress:
    starts_on: date
    ends_on: date
    total: Decimal
    total_required: Decimal
    certified: Decimal
    certified_required: Decimal
    years: list[CycleYear]
    met: bool


@strawberry.type(description="A person's credits across every program, with cycle progress.")
class Transcript:
    person_id: strawberry.ID
    total: Decimal
    by_program: list[ProgramCredits]
    cycle: CycleProgress
    entries: list[CreditEntry]


@strawberry.type(description="A setting of a program and the value in force.")
class ProgramSettingValue:
    name: str
    value: str
    default: str
    description: str


@strawberry.type(description="An enabled program and what it declares.")
class Program:
    slug: str
    title: str
    version: str
    organization_kind: str
    description: str
    activity_kinds: list[str]
    group_kinds: list[str]
    rules: list[str] = strawberry.field(description="Rule IDs its eligibility rules enforce.")
    settings: list[ProgramSettingValue]
