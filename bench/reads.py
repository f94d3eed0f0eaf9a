"""Read benchmarks: the coordinator roster and a people page, through GraphQL and by hand.

The hand-written versions build exactly the dicts the API returns (checked once before timing),
so the ratio compares equal work: fetch, shape, and nothing else."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.access import Viewer
from core.db import Database
from core.graphql.context import Context
from core.graphql.relay import to_global_id
from core.graphql.schema import BuiltSchema
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.people.models import Person
from core.registry import Registry
from core.settings import Settings

PAGE = 100

ROSTER_QUERY = """
query Roster($first: Int!) {
  groups(first: $first) {
    edges { node {
      name capacity memberCount
      memberships { nodes { status person { name email licenceNumber } } }
    } }
  }
}
"""

PEOPLE_QUERY = """
query People($first: Int!) {
  people(first: $first) {
    edges { node { id name email profession licenceNumber licenceProvince } }
  }
}
"""


class GraphQLError(RuntimeError):
    """The API answered with errors where the benchmark expects data."""


class HttpGraphQL:
    """Posts queries to ``/graphql`` and returns ``data``; any error stops the benchmark."""

    def __init__(self, http: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self._http = http
        self._headers = headers

    async def __call__(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self._http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=self._headers
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        return body["data"]  # type: ignore[no-any-return]


class DirectGraphQL:
    """Runs queries with ``schema.execute`` and a context like the endpoint's: no HTTP."""

    def __init__(
        self,
        built: BuiltSchema,
        database: Database,
        registry: Registry,
        settings: Settings,
        viewer: Viewer,
    ) -> None:
        self._viewer = viewer
        self._built = built
        self._database = database
        self._registry = registry
        self._settings = settings

    def _context(self) -> Context:
        # A fresh context per request, as the endpoint makes: loaders never cache across runs.
        return Context(
            db=self._database,
            registry=self._registry,
            settings=self._settings,
            viewer=self._viewer,
            node_resolvers=self._built.node_resolvers,
        )

    async def __call__(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        result = await self._built.schema.execute(
            query, variable_values=variables, context_value=self._context()
        )
        if result.errors:
            raise GraphQLError(result.errors)
        assert result.data is not None
        return result.data


def roster_nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in data["groups"]["edges"]]


def people_nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in data["people"]["edges"]]


async def roster_sql(engine: AsyncEngine, first: int = PAGE) -> list[dict[str, Any]]:
    """The roster page in two SELECTs: the groups, then their members joined to people."""
    async with engine.connect() as conn:
        groups = (
            await conn.execute(
                select(Group.id, Group.name, Group.capacity).order_by(Group.id).limit(first)
            )
        ).all()
        members = (
            await conn.execute(
                select(
                    Membership.group_id,
                    Membership.status,
                    Membership.role,
                    Person.given_name,
                    Person.family_name,
                    Person.email,
                    Person.licence_number,
                )
                .join(Person, Person.id == Membership.person_id)
                .where(Membership.group_id.in_([g.id for g in groups]))
                .order_by(Membership.group_id, Membership.id)
            )
        ).all()
    by_group: dict[int, list[Any]] = defaultdict(list)
    for row in members:
        by_group[row.group_id].append(row)
    return [_roster_group(g, by_group[g.id]) for g in groups]


def _roster_group(group: Any, members: list[Any]) -> dict[str, Any]:
    active = sum(
        1
        for m in members
        if m.status == MembershipStatus.ACTIVE and m.role == MembershipRole.MEMBER
    )
    return {
        "name": group.name,
        "capacity": group.capacity,
        "memberCount": active,
        "memberships": {
            "nodes": [
                {
                    "status": m.status.name,
                    "person": {
                        "name": f"{m.given_name} {m.family_name}",
                        "email": m.email,
                        "licenceNumber": m.licence_number,
                    },
                }
                for m in members
            ]
        },
    }


async def people_sql(engine: AsyncEngine, first: int = PAGE) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(
                    Person.id,
                    Person.given_name,
                    Person.family_name,
                    Person.email,
                    Person.profession,
                    Person.licence_number,
                    Person.licence_province,
                )
                .order_by(Person.id)
                .limit(first)
            )
        ).all()
    return [
        {
            "id": to_global_id("Person", r.id),
            "name": f"{r.given_name} {r.family_name}",
            "email": r.email,
            "profession": r.profession.name,
            "licenceNumber": r.licence_number,
            "licenceProvince": r.licence_province,
        }
        for r in rows
    ]
