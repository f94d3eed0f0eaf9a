"""Write benchmark: many concurrent joins racing for capacity-bound places.

Each round makes fresh groups of capacity 12 with 4 places already taken, then fires every
join at once (ten per group by default, so some are refused). Afterwards the database is
asked whether any group holds more active members than its capacity: that must never happen,
however the requests interleave."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.dataset import Roster, insert_groups, insert_memberships
from bench.reads import HttpGraphQL
from bench.timing import StatementCounter
from core.db import Database, utcnow
from core.graphql.relay import to_global_id
from core.groups.capacity import DEFAULT_CAPACITY_RULE
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus

WRITE_CAPACITY = 12
PREFILLED = 4

JOIN_MUTATION = """
mutation Join($input: JoinGroupInput!) {
  joinGroup(input: $input) { errors { code } membership { status } }
}
"""

# A join: (group id, person id) -> None if a place was taken, else the refusal's rule ID.
JoinFn = Callable[[int, int], Awaitable[str | None]]


@dataclass(frozen=True)
class JoinPlan:
    group_ids: list[int]
    requests: list[tuple[int, int]]

    def expected_accepted(self) -> int:
        asked = Counter(group_id for group_id, _ in self.requests)
        return sum(min(WRITE_CAPACITY - PREFILLED, n) for n in asked.values())


@dataclass
class Outcome:
    latencies_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    statements: int = 0
    refusals: Counter[str] = field(default_factory=Counter)
    accepted: int = 0
    expected: int = 0
    fullest: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def within_capacity(self) -> bool:
        return self.fullest <= WRITE_CAPACITY and self.accepted == self.expected

    def summary(self) -> str:
        refused = ", ".join(f"{n} {code}" for code, n in sorted(self.refusals.items()))
        return (
            f"{self.requests} joins: {self.accepted} accepted (expected {self.expected}), "
            f"refused {refused or 'none'}; fullest group {self.fullest}/{WRITE_CAPACITY}"
        )


def plan_people(roster: Roster, joins: int, groups: int) -> tuple[list[int], list[int]]:
    """Joiners from the front of the roster, pre-filled members from the back (never both)."""
    needed = joins + groups * PREFILLED
    if needed > len(roster.person_ids):
        raise ValueError(f"the write benchmark needs {needed} people; load more with --people")
    return roster.person_ids[:joins], roster.person_ids[-groups * PREFILLED :]


async def prepare_round(
    engine: AsyncEngine, roster: Roster, joins: int, groups: int, label: str
) -> JoinPlan:
    joiners, fillers = plan_people(roster, joins, groups)
    async with engine.begin() as conn:
        group_ids = await insert_groups(conn, roster.organization_id, groups, WRITE_CAPACITY, label)
        await insert_memberships(
            conn,
            [
                (g, fillers[i * PREFILLED + k])
                for i, g in enumerate(group_ids)
                for k in range(PREFILLED)
            ],
        )
    requests = [(group_ids[i % groups], person) for i, person in enumerate(joiners)]
    return JoinPlan(group_ids, requests)


async def run_round(engine: AsyncEngine, join: JoinFn, plan: JoinPlan, outcome: Outcome) -> None:
    async def one(group_id: int, person_id: int) -> tuple[float, str | None]:
        started = time.perf_counter()
        refusal = await join(group_id, person_id)
        return (time.perf_counter() - started) * 1000, refusal

    with StatementCounter(engine).counting() as counter:
        started = time.perf_counter()
        answers = await asyncio.gather(*(one(g, p) for g, p in plan.requests))
        outcome.wall_s += time.perf_counter() - started
    outcome.statements += counter.count
    for latency, refusal in answers:
        outcome.latencies_ms.append(latency)
        if refusal is not None:
            outcome.refusals[refusal] += 1
    await check_capacity(engine, plan, outcome)


async def check_capacity(engine: AsyncEngine, plan: JoinPlan, outcome: Outcome) -> None:
    """Record, from the database itself, how full the fullest group is and how many joined."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Membership.group_id, func.count())
            .where(
                Membership.group_id.in_(plan.group_ids),
                Membership.status == MembershipStatus.ACTIVE,
                Membership.role == MembershipRole.MEMBER,
            )
            .group_by(Membership.group_id)
        )
        counts = [count for _, count in rows.all()]
    outcome.fullest = max(outcome.fullest, *counts)
    outcome.accepted += sum(counts) - PREFILLED * len(plan.group_ids)
    outcome.expected += plan.expected_accepted()


def graphql_join(client: HttpGraphQL) -> JoinFn:
    async def join(group_id: int, person_id: int) -> str | None:
        variables = {
            "input": {
                "groupId": to_global_id("Group", group_id),
                "personId": to_global_id("Person", person_id),
                "waitlist": False,
            }
        }
        payload = (await client(JOIN_MUTATION, variables))["joinGroup"]
        if payload["errors"]:
            return ",".join(e["code"] for e in payload["errors"])
        return None

    return join


def sql_join(database: Database) -> JoinFn:
    """The same race by hand: lock the group row, count active members, insert the place."""

    async def join(group_id: int, person_id: int) -> str | None:
        async with database.write() as session:
            capacity = await session.scalar(
                select(Group.capacity).where(Group.id == group_id).with_for_update(key_share=True)
            )
            taken = await session.scalar(
                select(func.count())
                .select_from(Membership)
                .where(
                    Membership.group_id == group_id,
                    Membership.status == MembershipStatus.ACTIVE,
                    Membership.role == MembershipRole.MEMBER,
                )
            )
            if capacity is None or taken is None or taken >= capacity:
                return DEFAULT_CAPACITY_RULE
            await session.execute(
                insert(Membership).values(
                    group_id=group_id,
                    person_id=person_id,
                    role=MembershipRole.MEMBER,
                    status=MembershipStatus.ACTIVE,
                    joined_at=utcnow(),
                )
            )
        return None

    return join


async def run_joins(
    engine: AsyncEngine,
    roster: Roster,
    join: JoinFn,
    *,
    joins: int,
    groups: int,
    rounds: int,
    label: str,
) -> Outcome:
    outcome = Outcome()
    for round_number in range(rounds):
        plan = await prepare_round(engine, roster, joins, groups, f"{label} {round_number + 1}")
        await run_round(engine, join, plan, outcome)
    return outcome
