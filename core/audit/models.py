"""An append-only record of what people did: every mutation that committed, and every read of
a person's transcript by someone other than that person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class AuditEvent(Base):
    """One thing done. ``action`` is the mutation's name (``setCreditCycle``) or a read's
    (``transcript.read``); ``targets`` the global IDs it named, by input field; ``person_id``
    whose record it touched, when one person's. The database refuses UPDATE and DELETE."""

    __tablename__ = "core_audit_events"
    __table_args__ = (
        Index("ix_core_audit_events_person", "person_id", "id"),
        Index("ix_core_audit_events_actor", "actor_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # No foreign keys: the trail stands on its own, and recording an event never fails over
    # the record it names.
    actor_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(120))
    person_id: Mapped[int | None]
    targets: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
