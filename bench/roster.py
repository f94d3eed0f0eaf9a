"""The coordinator's roster: pages of people with their places and credits per program,
through the GraphQL API and by hand (the ceiling).

The ceiling reads the same rows with one hand-written statement per relation (people, their
places with each group's name, their credit sums per program) on the raw connection, under
the same visibility conditions (``core.access``), and serializes the API's exact JSON with
orjson. A page of the API is checked equal to the ceiling's before either is timed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.clients import GraphQLError, HttpGraphQL
from core.access import Viewer, credit_entries_visible, groups_visible, people_visible
from core.credits.models import CreditEntry
from core.graphql.connections import encode_cursor
from core.graphql.relay import to_global_id
from core.groups.models import Group, Membership
from core.people.models import Person
from core.transcripts.judging import cents

PAGE = 100
PLACES = 10
CERTIFIED = ("certified", "certified-assessment")

ROSTER_QUERY = """
query Roster($first: Int!, $after: String) {
  people(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name email licenceNumber
      memberships(first: 10) { nodes { status group { name } } }
      creditTotals { program total certified }
    }
  }
}
"""


async def api_page(client: HttpGraphQL, after: str | None, first: int = PAGE) -> bytes:
    return await client.raw(ROSTER_QUERY, {"first": first, "after": after})


async def api_walk(client: HttpGraphQL) -> list[dict[str, Any]]:
    """Every page, 100 at a time, as a frontend walks them; the nodes of all of them."""
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        body = orjson.loads(await api_page(client, after))
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        people = body["data"]["people"]
        nodes += people["nodes"]
        if not people["pageInfo"]["hasNextPage"]:
            return nodes
        after = people["pageInfo"]["endCursor"]


@dataclass(frozen=True)
class Ceiling:
    """The roster by hand for one viewer: ``page`` answers the API's JSON for one page,
    ``everyone`` one document of every person's node."""

    engine: AsyncEngine
    viewer: Viewer

    async def page(self, after_id: int | None, first: int = PAGE) -> bytes:
        people = await self._people(after_id, first + 1)
        shown, more = people[:first], len(people) > first
        nodes = await self._nodes(shown)
        end = encode_cursor((shown[-1].id,)) if shown else None
        info = {"hasNextPage": more, "endCursor": end}
        return orjson.dumps({"data": {"people": {"pageInfo": info, "nodes": nodes}}})

    async def everyone(self) -> bytes:
        return orjson.dumps({"data": {"people": {"nodes": await self._nodes(None)}}})

    def _shown(self) -> ColumnElement[bool]:
        return and_(people_visible(self.viewer), Person.deactivated_at.is_(None))

    async def _people(self, after_id: int | None, limit: int | None) -> list[Any]:
        statement = (
            select(Person.id, Person.given_name, Person.family_name, Person.email)
            .add_columns(Person.licence_number)
            .where(self._shown())
            .order_by(Person.id)
            .limit(limit)
        )
        if after_id is not None:
            statement = statement.where(Person.id > after_id)
        async with self.engine.connect() as conn:
            return list((await conn.execute(statement)).all())

    async def _nodes(self, people: Sequence[Any] | None) -> list[dict[str, Any]]:
        """The nodes of ``people``, or of everyone visible (``None``): places and credit sums
        read for all of them at once, one statement each."""
        if people is None:
            people = await self._people(None, None)
            whose: Any = select(Person.id).where(self._shown())
        else:
            whose = [p.id for p in people]
        places, credits = await self._places(whose), await self._credits(whose)
        return [
            {
                "id": to_global_id("Person", p.id),
                "name": f"{p.given_name} {p.family_name}",
                "email": p.email,
                "licenceNumber": p.licence_number,
                "memberships": {"nodes": places[p.id]},
                "creditTotals": credits[p.id],
            }
            for p in people
        ]

    async def _places(self, whose: Any) -> dict[int, list[dict[str, Any]]]:
        """The first ten places of each person, oldest first, in groups the viewer sees."""
        rank = func.row_number().over(partition_by=Membership.person_id, order_by=Membership.id)
        ranked = (
            select(Membership.person_id, Membership.status, Group.name, rank.label("rank"))
            .join(Group, Group.id == Membership.group_id)
            .where(Membership.person_id.in_(whose), groups_visible(self.viewer))
            .subquery()
        )
        statement = (
            select(ranked.c.person_id, ranked.c.status, ranked.c.name)
            .where(ranked.c.rank <= PLACES)
            .order_by(ranked.c.person_id, ranked.c.rank)
        )
        found: dict[int, list[dict[str, Any]]] = defaultdict(list)
        async with self.engine.connect() as conn:
            for row in await conn.execute(statement):
                found[row.person_id].append(
                    {"status": row.status.name, "group": {"name": row.name}}
                )
        return found

    async def _credits(self, whose: Any) -> dict[int, list[dict[str, str]]]:
        certified = CreditEntry.credit_type.in_(CERTIFIED)
        statement = (
            select(
                CreditEntry.person_id,
                CreditEntry.program,
                func.sum(CreditEntry.amount).label("total"),
                func.sum(case((certified, CreditEntry.amount), else_=0)).label("certified"),
            )
            .where(CreditEntry.person_id.in_(whose), credit_entries_visible(self.viewer))
            .group_by(CreditEntry.person_id, CreditEntry.program)
            .order_by(CreditEntry.person_id, CreditEntry.program)
        )
        found: dict[int, list[dict[str, str]]] = defaultdict(list)
        async with self.engine.connect() as conn:
            for row in await conn.execute(statement):
                found[row.person_id].append(
                    {
                        "program": row.program,
                        "total": str(cents(row.total)),
                        "certified": str(cents(row.certified)),
                    }
                )
        return found
