"""The people the contract's access checks need, and GraphQL run as each of them.

A program's personal-data probe (:class:`PersonalData`) seeds a record of :attr:`World.owner`
through the program's own API, then names the operations that read and change it. The kit
runs them as each stranger: an anonymous caller, a member of another organization and the
program's staff of another organization.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from core.access import ANONYMOUS, Viewer, load_viewer
from core.db import Database
from core.graphql.context import Context
from core.graphql.relay import to_global_id
from core.graphql.schema import BuiltSchema
from core.people.models import Organization, Person, Profession, Role, RoleAssignment
from core.registry import Registry
from core.settings import Settings

Caller = Literal["owner", "staff"]
STRANGERS: tuple[str | None, ...] = (None, "member", "foreign_staff")
"""Anonymous, a member of organization B, the program's staff of organization B."""

# The probe's secret text is letters only: ten digits in a row read as a health card number to
# core's patient-data screen, which would refuse the probe's own record.
_LETTERS = str.maketrans("0123456789", "ghijklmnop")


@dataclass(frozen=True)
class Operation:
    """One GraphQL document and its variables; ``by`` is who may legitimately run it (the
    kit re-reads as them and, for a change, proves the change does change something)."""

    document: str
    variables: Mapping[str, Any] = field(default_factory=dict)
    by: Caller = "owner"


@dataclass(frozen=True)
class PersonalData:
    """What a program keeps about a person: operations reading it (whose answers carry
    :attr:`World.secret` when run ``by`` the one allowed) and operations changing it."""

    reads: tuple[Operation, ...]
    changes: tuple[Operation, ...] = ()


@dataclass(frozen=True)
class World:
    """Organization A runs the program: ``owner`` is its member (enrolled in nothing: the
    probe enrols them as the program's workflow does), ``staff`` its program staff.
    Organization B holds the strangers. Ids are global IDs."""

    schema: BuiltSchema
    database: Database
    registry: Registry
    settings: Settings
    secret: str
    organization: str
    owner: str
    staff: str
    people: Mapping[str, int]

    async def execute(
        self, document: str, variables: Mapping[str, Any] | None = None, *, by: str | None
    ) -> dict[str, Any]:
        """The response as a client would read it; ``by`` names a person of the world (None:
        anonymous)."""
        viewer = await self._viewer(self.people[by] if by else None)
        context = Context(
            db=self.database,
            registry=self.registry,
            settings=self.settings,
            viewer=viewer,
            node_resolvers=self.schema.node_resolvers,
        )
        result = await self.schema.schema.execute(
            document, variable_values=dict(variables or {}), context_value=context
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [
                {"message": e.message, "extensions": e.extensions} for e in result.errors
            ]
        return body

    async def data(
        self, document: str, variables: Mapping[str, Any] | None = None, *, by: Caller = "owner"
    ) -> dict[str, Any]:
        """``data`` of a response that must carry no error, neither GraphQL's nor a mutation
        payload's: for seeding the probe's record."""
        body = await self.execute(document, variables, by=by)
        refused = [v["errors"] for v in (body["data"] or {}).values() if isinstance(v, dict)]
        assert not body.get("errors"), body
        assert not any(refused), body
        return body["data"]

    async def _viewer(self, person_id: int | None) -> Viewer:
        if person_id is None:
            return ANONYMOUS
        async with self.database.read() as session:
            return await load_viewer(session, person_id, self.registry.access_rules)


async def build_world(
    schema: BuiltSchema, database: Database, registry: Registry, settings: Settings, slug: str
) -> World:
    """Two organizations of the program's kind and the people of :class:`World`."""
    kind = registry.program(slug).info.organization_kind
    async with database.write() as session:
        home, away = (Organization(name=f"Contract {uuid.uuid4().hex}", kind=kind) for _ in "ab")
        session.add_all([home, away])
        roles = {
            "owner": (home, Role.MEMBER),
            "staff": (home, Role.PROGRAM_STAFF),
            "member": (away, Role.MEMBER),
            "foreign_staff": (away, Role.PROGRAM_STAFF),
        }
        people = {name: new_person(name) for name in roles}
        session.add_all(people.values())
        await session.flush()
        session.add_all(
            RoleAssignment(
                person_id=people[name].id,
                organization_id=organization.id,
                program=slug if role == Role.PROGRAM_STAFF else None,
                role=role,
            )
            for name, (organization, role) in roles.items()
        )
    ids = {name: p.id for name, p in people.items()}
    return World(
        schema=schema,
        database=database,
        registry=registry,
        settings=settings,
        secret=f"contract-secret-{uuid.uuid4().hex.translate(_LETTERS)}",
        organization=to_global_id("Organization", home.id),
        owner=to_global_id("Person", ids["owner"]),
        staff=to_global_id("Person", ids["staff"]),
        people=ids,
    )


def contract_settings(
    programs: tuple[str, ...] | None, database_url: str = "sqlite://"
) -> Settings:
    """Settings of a check: only these programs (None: every installed one), no environment."""
    return Settings(database_url=database_url, programs=programs, environ={})


def new_person(name: str) -> Person:
    """A family physician with a licence, as most programs' rules expect."""
    return Person(
        given_name="Contract",
        family_name=name.replace("_", " ").title(),
        email=f"contract-{name.replace('_', '-')}-{uuid.uuid4().hex}@example.org",
        profession=Profession.FAMILY_PHYSICIAN,
        licence_number="CONTRACT-1",
        licence_province="ON",
    )
