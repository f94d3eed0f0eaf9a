"""A claimed idempotency key and, once sent, the response it answered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class IdempotencyKey(Base):
    """``principal`` is whose key it is (``Person:<id>``, or ``anonymous``): keys are the
    client's choice, so two people's keys may collide and must not answer each other.
    ``fingerprint`` is the request's canonical hash; ``status`` and ``body`` stay empty while
    the first request is still answering, and forever if its answer was lost."""

    __tablename__ = "core_idempotency_keys"
    __table_args__ = (
        UniqueConstraint("principal", "key", name="uq_core_idempotency_keys"),
        Index("ix_core_idempotency_keys_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    principal: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[int | None]
    media_type: Mapped[str | None] = mapped_column(String(80))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
