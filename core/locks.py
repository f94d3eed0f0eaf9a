"""Row locks: the one way a service makes a limit hold under concurrent requests.

A service that reads a row and decides from it (a group's places, a person's capped credits, a
request's state) locks the row first, in the caller's transaction: ``FOR NO KEY UPDATE`` on
PostgreSQL (rows referencing it may still be inserted), while SQLite's ``BEGIN IMMEDIATE``
already serializes writers. The lock lasts until the transaction ends, so a row locked once is
not locked again: a program's workflow may lock a person and then call core services that lock
the same person, and only the first lock costs a statement.
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.not_found import no_such

Row = TypeVar("Row")

_HELD = "core.locks.held"


@overload
async def lock_row(session: AsyncSession, model: type[Row], pk: int) -> Row | None: ...


@overload
async def lock_row(session: AsyncSession, model: type[Row], pk: int, *, missing: str) -> Row: ...


async def lock_row(
    session: AsyncSession, model: type[Row], pk: int, *, missing: str | None = None
) -> Row | None:
    """The row as locked, not a copy the session read before the lock; None when there is no
    such row, or :class:`~core.errors.NotFound` naming it when ``missing`` says what it is."""
    if (model, pk) in _held(session):
        row = await session.get(model, pk)
    else:
        key = inspect(model).primary_key[0]
        row = await session.scalar(
            select(model)
            .where(key == pk)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        )
        if row is not None:
            _held(session)[model, pk] = row
    if row is None and missing is not None:
        raise NotFound(no_such(missing))
    return row


def _held(session: AsyncSession) -> dict[tuple[type, int], object]:
    """The rows locked in the session's current transaction, kept so the session's identity
    map (which holds rows weakly) still has them when they are asked for again. A savepoint
    counts as its own transaction: what it locked may be released when it rolls back, so it
    starts afresh."""
    sync = session.sync_session
    transaction = sync.get_nested_transaction() or sync.get_transaction()
    if transaction is None:
        return {}
    owner: Any
    owner, held = session.info.get(_HELD, (None, {}))
    if owner is not transaction:
        held = {}
        session.info[_HELD] = (transaction, held)
    return held
