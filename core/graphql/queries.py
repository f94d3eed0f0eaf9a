"""Core root query fields."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import strawberry
from sqlalchemy import or_, select

from core.access import (
    activities_visible,
    due_items_visible,
    groups_visible,
    people_visible,
    require_visible,
)
from core.activities.models import Activity as ActivityRow
from core.credits.models import Certification as CertificationRow
from core.credits.service import award_params
from core.credits.transcript import CycleRequirements, transcript
from core.db import utcnow
from core.due_items.models import DueItem as DueItemRow
from core.due_items.service import is_open
from core.eligibility import EligibilityCheck, decide
from core.graphql import loaders
from core.graphql.context import Info
from core.graphql.relay import (
    Connection,
    Node,
    NoSuchId,
    decode_id,
    from_global_id,
    page,
    to_global_id,
)
from core.graphql.types import (
    Activity,
    Certification,
    CreditEntry,
    CycleProgress,
    CycleYear,
    Decision,
    DueItem,
    Group,
    Organization,
    Person,
    Program,
    ProgramCredits,
    ProgramSettingValue,
    Transcript,
)
from core.groups.capacity import join_params
from core.groups.models import Group as GroupRow
from core.people.models import Organization as OrganizationRow
from core.people.models import Person as PersonRow
from core.people.service import search_text
from core.registry import CORE_SLUG

PAGE = 20
# Core objects that belong to one program: rules about them are that program's and core's, and
# they are told what the action itself tells them.
_PROGRAM_OWNED: dict[str, tuple[type[Any], Callable[[Any], dict[str, str]]]] = {
    "Group": (GroupRow, join_params),
    "Activity": (ActivityRow, award_params),
}


async def transcript_for(info: Info, person_id: int, cycle_start: date | None) -> Transcript:
    context = info.context
    async with context.db.read() as session:
        data = await transcript(session, context.viewer, person_id, cycle_start, utcnow().date())
    need = CycleRequirements.from_settings(context.registry.program(CORE_SLUG).settings)
    years = [
        CycleYear(
            starts_on=y.starts_on,
            ends_on=y.ends_on,
            total=y.total,
            required=need.per_year,
            met=y.total >= need.per_year,
        )
        for y in data.years
    ]
    return Transcript(
        person_id=to_global_id("Person", person_id),
        total=data.total,
        by_program=[
            ProgramCredits(program=p, total=t, certified=c) for p, (t, c) in data.by_program.items()
        ],
        cycle=CycleProgress(
            starts_on=data.cycle_start,
            ends_on=data.cycle_end,
            total=data.total,
            total_required=need.total,
            certified=data.certified,
            certified_required=need.certified,
            years=years,
            met=data.total >= need.total
            and data.certified >= need.certified
            and all(y.met for y in years),
        ),
        entries=[CreditEntry.from_row(e) for e in data.entries],
    )


async def due_items_for(info: Info, person_id: int, include_completed: bool) -> list[DueItem]:
    """What the person still owes; with ``include_completed`` their whole record, items
    completed or closed (no longer owed) included."""
    statement = select(DueItemRow).where(
        DueItemRow.person_id == person_id, due_items_visible(info.context.viewer)
    )
    if not include_completed:
        statement = statement.where(is_open())
    async with info.context.db.read() as session:
        rows = (await session.scalars(statement.order_by(DueItemRow.due_on, DueItemRow.id))).all()
    return [DueItem.from_row(r) for r in rows]


def _program(program: object) -> Program:
    from core.registry import Program as Declared

    assert isinstance(program, Declared)
    return Program(
        slug=program.slug,
        title=program.info.title,
        version=program.info.version,
        organization_kind=program.info.organization_kind,
        description=program.info.description,
        activity_kinds=[k.name for k in program.activity_kinds],
        group_kinds=[k.name for k in program.group_kinds],
        rules=sorted({r.code for r in program.eligibility_rules}),
        settings=[
            ProgramSettingValue(
                name=s.name,
                value=str(program.settings[s.name]),
                default=str(s.default),
                description=s.description,
            )
            for s in program.setting_specs
        ],
    )


@strawberry.type
class CoreQuery:
    @strawberry.field(description="The person asking (null when not signed in).")
    async def me(self, info: Info) -> Person | None:
        viewer = info.context.viewer
        if viewer.person_id is None:
            return None
        row = await info.context.loaders(loaders.people_by_id).load(viewer.person_id)
        return Person.from_row(row)

    @strawberry.field(description="Fetch any object by its global ID.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        try:
            type_name, pk = from_global_id(id)
        except NoSuchId:
            return None
        resolver = info.context.node_resolvers.get(type_name)
        if resolver is None:
            return None
        (found,) = await resolver(info.context, [pk])
        return found

    @strawberry.field(description="The programs enabled on this server.")
    def programs(self, info: Info) -> list[Program]:
        return [_program(p) for p in info.context.registry.programs if p.slug != CORE_SLUG]

    @strawberry.field(description="Organizations (public), in the order they were added.")
    async def organizations(
        self, info: Info, first: int = PAGE, after: str | None = None
    ) -> Connection[Organization]:
        return await page(
            info,
            select(OrganizationRow),
            OrganizationRow.id,
            first=first,
            after=after,
            build=Organization.from_row,
        )

    @strawberry.field(description="People, optionally matching a name or email.")
    async def people(
        self, info: Info, first: int = PAGE, after: str | None = None, search: str | None = None
    ) -> Connection[Person]:
        statement = select(PersonRow).where(people_visible(info.context.viewer))
        if term := search_text(search):
            statement = statement.where(
                or_(
                    PersonRow.email.icontains(term, autoescape=True),
                    PersonRow.given_name.icontains(term, autoescape=True),
                    PersonRow.family_name.icontains(term, autoescape=True),
                )
            )
        return await page(
            info, statement, PersonRow.id, first=first, after=after, build=Person.from_row
        )

    @strawberry.field(description="Groups, optionally of one organization or program.")
    async def groups(
        self,
        info: Info,
        first: int = PAGE,
        after: str | None = None,
        organization_id: strawberry.ID | None = None,
        program: str | None = None,
    ) -> Connection[Group]:
        statement = select(GroupRow).where(groups_visible(info.context.viewer))
        if organization_id is not None:
            org = decode_id(organization_id, "Organization")
            statement = statement.where(GroupRow.organization_id == org)
        if program is not None:
            statement = statement.where(GroupRow.program == program)
        return await page(
            info, statement, GroupRow.id, first=first, after=after, build=Group.from_row
        )

    @strawberry.field(description="Activities, optionally of one group or program.")
    async def activities(
        self,
        info: Info,
        first: int = PAGE,
        after: str | None = None,
        group_id: strawberry.ID | None = None,
        program: str | None = None,
    ) -> Connection[Activity]:
        statement = select(ActivityRow).where(activities_visible(info.context.viewer))
        if group_id is not None:
            statement = statement.where(ActivityRow.group_id == decode_id(group_id, "Group"))
        if program is not None:
            statement = statement.where(ActivityRow.program == program)
        return await page(
            info, statement, ActivityRow.id, first=first, after=after, build=Activity.from_row
        )

    @strawberry.field(description="Certifications and the rates they carry, by period.")
    async def certifications(self, info: Info, program: str | None = None) -> list[Certification]:
        statement = select(CertificationRow).order_by(
            CertificationRow.code, CertificationRow.effective_from
        )
        if program is not None:
            statement = statement.where(CertificationRow.program == program)
        async with info.context.db.read() as session:
            return [Certification.from_row(r) for r in (await session.scalars(statement)).all()]

    @strawberry.field(description="A person's credits across every program, with cycle progress.")
    async def transcript(
        self, info: Info, person_id: strawberry.ID, cycle_start: date | None = None
    ) -> Transcript:
        return await transcript_for(info, decode_id(person_id, "Person"), cycle_start)

    @strawberry.field(
        description="Whether a person may take an action now, with every rule's reason. "
        "Ask before offering the action; the mutation returns the same codes if refused."
    )
    async def eligibility(
        self,
        info: Info,
        person_id: strawberry.ID,
        action: str,
        subject_id: strawberry.ID | None = None,
    ) -> Decision:
        person = decode_id(person_id, "Person")
        subject_type, subject = from_global_id(subject_id) if subject_id else (None, None)
        async with info.context.db.read() as session:
            await require_visible(session, info.context.viewer, PersonRow, person)
            program, params = None, {}
            if subject_type in _PROGRAM_OWNED and subject is not None:
                model, describe = _PROGRAM_OWNED[subject_type]
                row = await require_visible(session, info.context.viewer, model, subject)
                program, params = row.program, describe(row)
            value = await decide(
                EligibilityCheck(
                    session=session,
                    registry=info.context.registry,
                    action=action,
                    person_id=person,
                    subject_id=subject,
                    program=program,
                    params=params,
                )
            )
        return Decision.from_value(value)

    @strawberry.field(description="Actions that eligibility rules govern, for `eligibility`.")
    def eligibility_actions(self, info: Info) -> list[str]:
        return info.context.registry.actions
