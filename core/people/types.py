"""GraphQL types of organizations, people and roles.

A person's places, credits, messages and dues belong to the slices above this one; their
types are named here through ``strawberry.lazy`` and built by those slices' own types."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry

from core.graphql.connections import Listing, connection
from core.graphql.context import Info
from core.graphql.plans import batched
from core.graphql.relay import Node
from core.graphql.rows import FromRow, later
from core.i18n import Language
from core.people import repository
from core.people.models import EmailPreference, Profession, Role

if TYPE_CHECKING:
    from core.due_items.types import DueItem
    from core.groups.types import Membership
    from core.notifications.types import Notification
    from core.transcripts.record_types import CreditCycle
    from core.transcripts.types import ProgramCredits, Transcript

strawberry.enum(Profession, description="A person's profession.")
strawberry.enum(Role, description="A role held within an organization.")
strawberry.enum(Language, description="A language peerlearn speaks: English or French.")
strawberry.enum(
    EmailPreference,
    description="Which notifications a person is emailed: ALL, or REQUIRED (only those a "
    "program requires them to receive).",
)


@strawberry.type(
    description="Who runs a program: a division, a college, an association. A role held in an "
    "organization reaches the organizations below it, never those above or beside it."
)
class Organization(Node, FromRow):
    name: str
    kind: str
    pk: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]

    @strawberry.field(description="The organization directly above (null for a root).")
    async def parent(self, info: Info) -> Organization | None:
        return None if self.parent_id is None else await organization(info, self.parent_id)

    @strawberry.field(description="The organizations directly below, oldest first.")
    async def children(self, info: Info) -> list[Organization]:
        rows = await info.context.loaders(repository.children_by_id).load(self.pk)
        return [Organization.from_row(row) for row in rows]

    @strawberry.field(description="Every organization above, nearest first, up to the root.")
    async def ancestors(self, info: Info) -> list[Organization]:
        ids = await info.context.loaders(repository.ancestor_ids).load(self.pk)
        loader = info.context.loaders(repository.organizations_by_id)
        return [Organization.from_row(row) for row in await loader.load_many(ids)]


async def organization(info: Info, pk: int) -> Organization:
    """An organization by key, for the types that name theirs (organizations are public)."""
    return Organization.from_row(
        await info.context.loaders(repository.organizations_by_id).load(pk)
    )


@strawberry.type(description="A role a person holds in an organization (and program).")
class RoleAssignment(Node, FromRow):
    role: Role
    program: str | None = strawberry.field(description="The program it is limited to, if any.")
    organization_id: strawberry.Private[int | None]

    @strawberry.field(description="None for a platform admin, whose role spans organizations.")
    async def organization(self, info: Info) -> Organization | None:
        if self.organization_id is None:
            return None
        return await organization(info, self.organization_id)


@strawberry.type(description="A physician or practice-team member. Never a patient.")
class Person(Node, FromRow):
    given_name: str
    family_name: str
    name: str
    email: str
    profession: Profession
    licence_number: str | None
    licence_province: str | None
    active: bool = strawberry.field(
        description="False while deactivated: the person cannot sign in; their history stays."
    )
    deactivated_at: datetime | None
    version: int = strawberry.field(
        description="Raised by every change; send it with updatePerson to refuse a stale edit."
    )
    pk: strawberry.Private[int]
    subject: strawberry.Private[str | None]
    emails: strawberry.Private[EmailPreference]
    chosen_language: strawberry.Private[Language | None]

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "name": lambda row: f"{row.given_name} {row.family_name}",
        "active": lambda row: row.deactivated_at is None,
        "subject": lambda row: row.auth_subject,
        "emails": lambda row: row.email_preference,
        "chosen_language": lambda row: row.language,
    }

    @strawberry.field(
        description="Which notifications they are emailed; shown to the person and to staff "
        "of their organizations (null to everyone else)."
    )
    async def email_preference(self, info: Info) -> EmailPreference | None:
        return self.emails if await self._shown_to_self_and_staff(info) else None

    @strawberry.field(
        description="The language they chose to be written to in (null: none chosen, each "
        "request's Accept-Language decides); shown as emailPreference is."
    )
    async def language(self, info: Info) -> Language | None:
        return self.chosen_language if await self._shown_to_self_and_staff(info) else None

    async def _shown_to_self_and_staff(self, info: Info) -> bool:
        viewer = info.context.viewer
        if viewer.person_id == self.pk or viewer.is_platform_admin:
            return True
        rows = await info.context.loaders(repository.roles_by_person).load(self.pk)
        return any(viewer.is_staff(r.organization_id, r.program) for r in rows)

    @strawberry.field(
        description="The subject their identity provider signs them in as; shown to the person "
        "and to platform admins, who link it (null to everyone else)."
    )
    def auth_subject(self, info: Info) -> str | None:
        viewer = info.context.viewer
        if viewer.person_id == self.pk or viewer.is_platform_admin:
            return self.subject
        return None

    @strawberry.field(
        description="Roles held, by organization and program: all of them to the person "
        "themselves, those in the organizations they run to staff."
    )
    async def roles(self, info: Info) -> list[RoleAssignment]:
        viewer = info.context.viewer
        rows = await info.context.loaders(repository.roles_by_person).load(self.pk)
        return [
            RoleAssignment.from_row(r)
            for r in rows
            if viewer.person_id == self.pk or viewer.is_staff(r.organization_id, r.program)
        ]

    @connection(
        Annotated["Membership", strawberry.lazy("core.groups.types")],
        description="Places held in groups the viewer may see, waitlists included, oldest first.",
    )
    async def memberships(self, info: Info) -> Listing[Any]:
        return later("core.groups.types", "memberships_of")(info, self)

    @strawberry.field(description="Credits across every program, with cycle progress.")
    async def transcript(
        self, info: Info, cycle_start: date | None = None
    ) -> Annotated[Transcript, strawberry.lazy("core.transcripts.types")]:
        return await later("core.transcripts.types", "transcript_of")(info, self.pk, cycle_start)

    credit_totals = batched(
        lambda info, people: later("core.transcripts.types", "credit_totals_of")(info, people),
        graphql_type=list[Annotated["ProgramCredits", strawberry.lazy("core.transcripts.types")]],
        description="Credits each program awarded them that the viewer may see, all time, by "
        "program (the roster export's columns); a program that awarded none is absent.",
    )

    @strawberry.field(
        description="Their credit cycles in force (not replaced), earliest first, on the dates "
        "their College assigned."
    )
    async def credit_cycles(
        self, info: Info
    ) -> list[Annotated[CreditCycle, strawberry.lazy("core.transcripts.record_types")]]:
        return await later("core.transcripts.record_types", "cycles_of_person")(info, self.pk)

    @connection(
        Annotated["Notification", strawberry.lazy("core.notifications.types")],
        description="Messages recorded for this person (approvals, matches), newest first; "
        "only the person sees them.",
    )
    async def notifications(self, info: Info) -> Listing[Any]:
        return later("core.notifications.types", "notifications_of")(info, self.pk)

    @connection(
        Annotated["DueItem", strawberry.lazy("core.due_items.types")],
        description="What this person owes, soonest first.",
    )
    async def due_items(self, info: Info, include_completed: bool = False) -> Listing[Any]:
        return later("core.due_items.types", "due_items_of")(info, self.pk, include_completed)
