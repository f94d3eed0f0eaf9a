"""The organization tree as SQL: which organizations lie at or below others, and above one.

Kept apart from ``repository.py`` because the access policy loads a viewer's reach from here
and ``repository.py`` itself depends on that policy. Each walk is one recursive CTE (the same
SQL on SQLite and PostgreSQL) with ``UNION``, never ``UNION ALL``, so even a tree some bug
had closed into a loop would end the walk instead of running forever.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import CTE, Select, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.people.models import Organization, RoleAssignment

# Any fixed number: the key of PostgreSQL's transaction-scoped lock on the organization tree.
_TREE_LOCK_KEY = 7_402_118_301


def at_or_below(roots: Select[Any]) -> CTE:
    """``(root, organization_id)`` for each organization id ``roots`` selects and every
    organization beneath it, the root itself included."""
    walk = (
        select(Organization.id.label("root"), Organization.id.label("organization_id"))
        .where(Organization.id.in_(roots))
        .cte("at_or_below", recursive=True)
    )
    return walk.union(
        select(walk.c.root, Organization.id).join(
            Organization, Organization.parent_id == walk.c.organization_id
        )
    )


def at_or_above(starts: Sequence[int]) -> CTE:
    """``(start, organization_id, parent_id)`` for each of ``starts`` and every organization
    above it, the start itself included."""
    anchor = select(
        Organization.id.label("start"),
        Organization.id.label("organization_id"),
        Organization.parent_id,
    ).where(Organization.id.in_(starts))
    walk = anchor.cte("at_or_above", recursive=True)
    return walk.union(
        select(walk.c.start, Organization.id, Organization.parent_id).join(
            Organization, Organization.id == walk.c.parent_id
        )
    )


def organization_and_above(organization_id: int | None) -> Select[Any]:
    """The ids of the organizations whose roles reach ``organization_id``: itself and every
    organization above it. For asking whether someone other than the viewer holds a role that
    reaches there (the viewer's own reach is loaded once, with their grants)."""
    walk = at_or_above([] if organization_id is None else [organization_id])
    return select(walk.c.organization_id)


async def grants_with_reach(session: AsyncSession, person_id: int) -> list[Any]:
    """``(role, organization_id, program, reached_organization_id)`` for each role the person
    holds and each organization it reaches, in one statement; the reached id is None for a
    role without an organization."""
    held = select(RoleAssignment.organization_id).where(
        RoleAssignment.person_id == person_id, RoleAssignment.organization_id.is_not(None)
    )
    reach = at_or_below(held)
    rows = await session.execute(
        select(
            RoleAssignment.role,
            RoleAssignment.organization_id,
            RoleAssignment.program,
            reach.c.organization_id,
        )
        .outerjoin(reach, reach.c.root == RoleAssignment.organization_id)
        .where(RoleAssignment.person_id == person_id)
    )
    return list(rows.all())


async def chains(session: AsyncSession, starts: Sequence[int]) -> dict[int, list[int]]:
    """Per start, the ids above it, nearest first, in one statement."""
    walk = at_or_above(starts)
    rows = (await session.execute(select(walk))).all()
    parents: dict[int, dict[int, int | None]] = {start: {} for start in starts}
    for start, organization_id, parent_id in rows:
        parents[start][organization_id] = parent_id
    result: dict[int, list[int]] = {}
    for start, links in parents.items():
        chain: list[int] = []
        current = links.get(start)
        while current is not None and current not in chain and current != start:
            chain.append(current)
            current = links.get(current)
        result[start] = chain
    return result


async def lock_tree(session: AsyncSession) -> None:
    """Serialize changes of the tree for the rest of the transaction: two moves each checked
    against the tree as it stood could otherwise close a loop together (A under B, B under A).
    SQLite's ``BEGIN IMMEDIATE`` already serializes writers; PostgreSQL takes a transaction
    advisory lock, as moves are rare and a lock per row would not cover a whole path."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _TREE_LOCK_KEY})
