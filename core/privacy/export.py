"""Everything held about a person, as one JSON document: ``/people/{person_id}/data.json``.

Each program, core first, says what it holds about a person through the
``register_personal_data`` hook; :func:`rows_about` serves most of them: every row of the
program's tables whose ``person_id`` is the person's, plus rows a program names by another
column (the person's own questions, their plans' goals). Rows are copied column by column, so
a column added later is exported without anyone remembering to; only secrets (a calendar
feed's token hash) and binary documents are left out, by name and by type.

The person downloads their own; the platform admin may download anyone's (a request made to
the service's operator), and that read is recorded in the audit trail like a transcript read.
Program staff may not: a person's export holds what no staff member sees (who wrote a feedback
comment, their records in other organizations and programs).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, false
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.db import utcnow
from core.errors import Forbidden
from core.graphql.relay import to_global_id
from core.privacy import repository
from core.programs import PersonalDataExport
from core.registry import Registry

PERSONAL_DATA_READ = "personal_data.read"
SECRET_WORDS = ("token", "hash", "secret", "password")
"""A column whose name holds one of these is a credential, never exported (not even hashed)."""

Condition = Callable[[int], ColumnElement[bool]]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def plain_row(row: Any) -> dict[str, Any]:
    """A row's columns as JSON values; credentials and binary documents left out."""
    return {
        column.key: _plain(getattr(row, column.key))
        for column in row.__table__.columns
        if not any(word in column.key for word in SECRET_WORDS)
        and not isinstance(getattr(row, column.key), bytes)
    }


def rows_about(
    models: Iterable[type], also: Mapping[type, Condition] | None = None
) -> PersonalDataExport:
    """The export of ``models``' rows about a person, one section per table: rows whose
    ``person_id`` is theirs, or that ``also`` names for the model (a table without a
    ``person_id`` is read only through ``also``)."""
    extra = dict(also or {})
    chosen = [m for m in models if hasattr(m, "person_id") or m in extra]

    async def export(session: AsyncSession, person_id: int) -> dict[str, Any]:
        sections: dict[str, Any] = {}
        for model in chosen:
            owned = model.person_id == person_id if hasattr(model, "person_id") else false()
            named = extra[model](person_id) if model in extra else false()
            rows = await session.scalars(repository.rows_of(model, owned, named))
            sections[model.__tablename__] = [plain_row(row) for row in rows]  # type: ignore[attr-defined]
        return sections

    return export


async def document(
    session: AsyncSession, registry: Registry, viewer: Viewer, person_id: int
) -> dict[str, Any]:
    """The person's export, if the viewer is that person or the platform admin."""
    viewer.require_person()
    if viewer.person_id != person_id and not viewer.is_platform_admin:
        raise Forbidden()
    programs = {
        program.slug: await program.personal_data(session, person_id)
        for program in registry.programs
        if program.personal_data is not None
    }
    return {
        "person": to_global_id("Person", person_id),
        "exportedAt": utcnow().isoformat(),
        "programs": programs,
    }


def encode(found: Mapping[str, Any]) -> bytes:
    return json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True).encode()
