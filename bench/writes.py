"""The write burst: concurrent requests racing for limits, then the database asked whether
any was broken.

- joins: ``joinGroup`` into groups of capacity 12 with 4 places taken, more requests than
  places; against the same lock-count-insert by hand. No group may end above capacity, and
  exactly the places there were must be taken.
- awards: staff record Community of Practice call attendance (``pwRecordCallAttendance``),
  each earning credit under Practising Well's 12-credit cap (PW-CREDIT-COP); five calls of
  three hours for each of forty learners, in an interleaved order so one learner's awards race
  each other. Every attendance must be recorded once, credited once, and each learner's total
  must be exactly what the cap allows: nothing lost, nothing twice, the cap held.

Requests come from ``CLIENTS`` concurrent clients, each sending its next as soon as the last
is answered."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.clients import HttpGraphQL
from bench.dataset import Roster, insert_groups, insert_memberships
from bench.timing import StatementCounter
from core.activities.models import Participation
from core.credits.models import CreditEntry
from core.db import Database, utcnow
from core.graphql.relay import from_global_id, to_global_id
from core.groups.capacity import DEFAULT_CAPACITY_RULE
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus

CLIENTS = 32
WRITE_CAPACITY = 12
PREFILLED = 4
CALL_HOURS = 3
CALLS = 5
COP_CALL = "ocfp_practising_well.cop_call"

JOIN_MUTATION = """
mutation Join($input: JoinGroupInput!) {
  joinGroup(input: $input) { errors { code } membership { status } }
}
"""
APPLY = """
mutation($input: PwApplyInput!) { pwApply(input: $input) { learner { id } errors { code } } }
"""
DECIDE = """
mutation($input: PwDecideApplicationInput!) {
  pwDecideApplication(input: $input) { learner { status } errors { code } }
}
"""
SCHEDULE_CALL = """
mutation($input: PwScheduleCallInput!) {
  pwScheduleCall(input: $input) { call { id } errors { code } }
}
"""
ATTEND = """
mutation($input: PwRecordCallAttendanceInput!) {
  pwRecordCallAttendance(input: $input) { creditEntry { amount } errors { code } }
}
"""

# One request of a burst: None when it did what was asked, else the refusal's codes.
Job = Callable[[], Awaitable[str | None]]


@dataclass
class Burst:
    """What a burst did: per-request latency, wall time, statements, refusals."""

    latencies_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    statements: int = 0
    refusals: Counter[str] = field(default_factory=Counter)

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.wall_s


async def burst(engine: AsyncEngine, jobs: Sequence[Job], clients: int = CLIENTS) -> Burst:
    """Every job, taken in order by ``clients`` concurrent clients."""
    found = Burst()
    queue: asyncio.Queue[Job] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def client() -> None:
        while not queue.empty():
            job = queue.get_nowait()
            started = time.perf_counter()
            refusal = await job()
            found.latencies_ms.append((time.perf_counter() - started) * 1000)
            if refusal is not None:
                found.refusals[refusal] += 1

    with StatementCounter(engine).counting() as counter:
        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        found.wall_s = time.perf_counter() - started
    found.statements = counter.count
    return found


def _refusal(payload: dict[str, object]) -> str | None:
    errors = payload["errors"]
    assert isinstance(errors, list)
    return ",".join(e["code"] for e in errors) if errors else None


# --- joins ----------------------------------------------------------------------------------


async def join_groups(
    engine: AsyncEngine, roster: Roster, people: Sequence[int], label: str
) -> list[tuple[int, int]]:
    """Fresh groups with four places taken (by the last people of the roster), and the join
    requests of ``people``: ten per group, so two of every ten are refused."""
    groups = max(len(people) // 10, 1)
    fillers = roster.person_ids[-groups * PREFILLED :]
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
    return [(group_ids[i % groups], person) for i, person in enumerate(people)]


def api_join(client: HttpGraphQL, group_id: int, person_id: int) -> Job:
    async def join() -> str | None:
        variables = {
            "input": {
                "groupId": to_global_id("Group", group_id),
                "personId": to_global_id("Person", person_id),
                "waitlist": False,
            }
        }
        return _refusal((await client.data(JOIN_MUTATION, variables))["joinGroup"])

    return join


def sql_join(database: Database, group_id: int, person_id: int) -> Job:
    """The same race by hand: lock the group row, count active members, insert the place."""

    async def join() -> str | None:
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


async def joins_held(engine: AsyncEngine, requests: Sequence[tuple[int, int]]) -> str | None:
    """None when every group ended exactly full (capacity held, no place lost), else why not."""
    asked = Counter(group_id for group_id, _ in requests)
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(Membership.group_id, func.count())
            .where(
                Membership.group_id.in_(list(asked)),
                Membership.status == MembershipStatus.ACTIVE,
                Membership.role == MembershipRole.MEMBER,
            )
            .group_by(Membership.group_id)
        )
        counts = dict(rows.all())
    for group_id, n in asked.items():
        expected = PREFILLED + min(WRITE_CAPACITY - PREFILLED, n)
        if counts.get(group_id, 0) != expected:
            return f"group {group_id} holds {counts.get(group_id, 0)} members, expected {expected}"
    return None


# --- awards ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Calls:
    """Learners approved for Practising Well and the calls they attend."""

    learners: list[int]
    calls: list[int]

    def attendance(self) -> list[tuple[int, int]]:
        """Every (call, learner), call by call, so a learner's awards are in flight together."""
        return [(call, learner) for call in self.calls for learner in self.learners]


async def prepare_calls(
    staff: HttpGraphQL,
    as_person: Callable[[int], HttpGraphQL],
    organization_id: int,
    learners: Sequence[int],
) -> Calls:
    """Through the API, untimed: each learner applies and staff approve; staff schedule the
    calls, held over the past weeks."""
    organization = to_global_id("Organization", organization_id)
    for person in learners:
        applied = await as_person(person).data(
            APPLY,
            {
                "input": {
                    "organizationId": organization,
                    "topicAreas": ["CHRONIC_PAIN"],
                    "reporting": "OCFP_ENTERS",
                }
            },
        )
        account = applied["pwApply"]["learner"]["id"]
        await staff.data(DECIDE, {"input": {"accountId": account, "approve": True}})
    calls = []
    for week in range(CALLS):
        starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=7 * (week + 1))
        scheduled = await staff.data(
            SCHEDULE_CALL,
            {
                "input": {
                    "organizationId": organization,
                    "title": f"Community of Practice {week + 1}",
                    "startsAt": starts.isoformat(),
                    "endsAt": (starts + timedelta(hours=CALL_HOURS)).isoformat(),
                }
            },
        )
        calls.append(from_global_id(scheduled["pwScheduleCall"]["call"]["id"])[1])
    return Calls(list(learners), calls)


def api_attend(staff: HttpGraphQL, call: int, learner: int) -> Job:
    async def attend() -> str | None:
        variables = {
            "input": {
                "callId": to_global_id("Activity", call),
                "learnerId": to_global_id("Person", learner),
                "hours": str(CALL_HOURS),
            }
        }
        return _refusal((await staff.data(ATTEND, variables))["pwRecordCallAttendance"])

    return attend


async def awards_held(engine: AsyncEngine, calls: Calls, cap: Decimal) -> str | None:
    """None when every attendance was recorded and credited once and each learner holds
    exactly what the cap allows of what they earned, else what went wrong."""
    async with engine.connect() as conn:
        attended = (
            await conn.execute(
                select(Participation.id, Participation.person_id).where(
                    Participation.activity_id.in_(calls.calls)
                )
            )
        ).all()
        entries = (
            await conn.execute(
                select(CreditEntry.participation_id, CreditEntry.person_id)
                .add_columns(CreditEntry.amount, CreditEntry.quantity * CreditEntry.rate)
                .where(CreditEntry.activity_id.in_(calls.calls))
            )
        ).all()
    expected = len(calls.calls) * len(calls.learners)
    if len(attended) != expected:
        return f"{len(attended)} attendances recorded of {expected}"
    credited = Counter(row[0] for row in entries)
    if twice := [p for p, n in credited.items() if n > 1]:
        return f"{len(twice)} attendances credited more than once"
    if missing := {p for p, _ in attended} - set(credited):
        return f"{len(missing)} attendances never credited"
    totals: Counter[int] = Counter()
    earned: Counter[int] = Counter()
    for _, person, amount, uncapped in entries:
        totals[person] += amount
        earned[person] += uncapped
    for person in calls.learners:
        allowed = min(cap, earned[person])
        if totals[person] != allowed:
            return f"learner {person} holds {totals[person]} credits; the cap allows {allowed}"
    return None
