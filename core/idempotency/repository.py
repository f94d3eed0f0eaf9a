"""Statements over idempotency keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Delete, Select, Update, delete, select, update

from core.idempotency.models import IdempotencyKey


def find(principal: str, key: str) -> Select[IdempotencyKey]:
    return select(IdempotencyKey).where(
        IdempotencyKey.principal == principal, IdempotencyKey.key == key
    )


def answer(principal: str, key: str, status: int, media_type: str, body: bytes) -> Update:
    """Keeps the response of a claimed key; a key no mutation claimed matches nothing."""
    return (
        update(IdempotencyKey)
        .where(
            IdempotencyKey.principal == principal,
            IdempotencyKey.key == key,
            IdempotencyKey.body.is_(None),
        )
        .values(status=status, media_type=media_type, body=body)
    )


def older_than(moment: datetime) -> Delete:
    return delete(IdempotencyKey).where(IdempotencyKey.created_at < moment)
