"""Claiming a key with its effect, keeping the answer, and forgetting keys once retries are
over.

A key is claimed in the write transaction of the first mutation of its request, before that
mutation's work: a second request with the same key waits on the first's claim (PostgreSQL
blocks on the unique index, SQLite on its one writer) and then finds it, so at most one of
them takes effect, on one worker or many."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.db import Database
from core.errors import ApiError
from core.i18n import N_
from core.idempotency import repository
from core.idempotency.models import IdempotencyKey
from core.registry import Registry

KEY_IN_USE = "IDEMPOTENCY_KEY_IN_USE"


class KeyInUse(ApiError):
    """Another request holds the key: still answering, or its answer was lost."""

    code = KEY_IN_USE
    default_message = N_(
        "Another request with this Idempotency-Key took effect and has not answered yet; "
        "retry in a moment, or read the current state if it never answers."
    )


@dataclass(frozen=True)
class Claim:
    """A request's key, by whom, and what the request asked (its fingerprint)."""

    principal: str
    key: str
    fingerprint: str


def principal_of(viewer: Viewer) -> str:
    return f"Person:{viewer.person_id}" if viewer.person_id is not None else "anonymous"


def fingerprint(body: bytes) -> str:
    """The hash of what a request asked: the same JSON sent with other spacing or key order is
    the same request; a body that is not JSON is hashed as sent."""
    try:
        canonical = orjson.dumps(orjson.loads(body), option=orjson.OPT_SORT_KEYS)
    except orjson.JSONDecodeError:
        canonical = body
    return hashlib.sha256(canonical).hexdigest()


async def claim(session: AsyncSession, claim: Claim) -> None:
    """Records the key in the transaction that is about to take effect; raises
    :class:`KeyInUse` when a request made at the same time claimed it first."""
    session.add(
        IdempotencyKey(principal=claim.principal, key=claim.key, fingerprint=claim.fingerprint)
    )
    try:
        await session.flush()
    except IntegrityError:
        raise KeyInUse() from None


async def claimed(database: Database, principal: str, key: str) -> IdempotencyKey | None:
    async with database.read() as session:
        return await session.scalar(repository.find(principal, key))


@dataclass
class Pending:
    """A request's claim on its way through: ``claimed`` once a mutation of the request
    committed with it, which is when its answer must be kept."""

    claim: Claim
    claimed: bool = False


async def keep_answer(
    database: Database, claim: Claim, status: int, media_type: str, body: bytes
) -> None:
    statement = repository.answer(claim.principal, claim.key, status, media_type, body)
    async with database.write() as session:
        await session.execute(statement)


async def forget_keys(database: Database, registry: Registry, now: datetime) -> int:
    """Deletes keys older than ``idempotency_key_hours``; how many (a periodic task). The
    answers kept hold personal data, so they are kept no longer than retries need."""
    kept_for = timedelta(hours=registry.settings.idempotency_key_hours)
    async with database.write() as session:
        result = await session.execute(repository.older_than(now - kept_for))
    return int(getattr(result, "rowcount", 0) or 0)
