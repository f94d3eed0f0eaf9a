"""What goes into the audit trail, in the same transaction as what it records.

A committed mutation is recorded by ``core.graphql.errors.mutate`` beside its effect: who, which
mutation, the global IDs its input named (never its free text: the trail holds who did what to
which record, not what they wrote), and whose record it touched (the input's ``personId``, else
the actor's own). A refused or failed mutation rolls back with its event. Reads of a person's
transcript by someone else are gathered while a request runs and written once when it ends
(``core.audit.extension``), so a page of a hundred transcripts is one insert, not a hundred."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.audit.models import AuditEvent
from core.db import utcnow
from core.errors import ApiError
from core.graphql.relay import from_global_id, to_global_id

TRANSCRIPT_READ = "transcript.read"
MOST_TARGETS = 20
"""An input naming more IDs (a list of people) is recorded by its first twenty."""


def _ids(arguments: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every ``...Id``/``...Ids`` value in the arguments, nested inputs included."""
    for name, value in arguments.items():
        if isinstance(value, Mapping):
            yield from _ids(value)
        elif name.endswith(("Id", "Ids")) and isinstance(value, str | list):
            yield name, value


def _person(targets: Mapping[str, Any], viewer: Viewer) -> int | None:
    given = targets.get("personId")
    if isinstance(given, str):
        try:
            kind, pk = from_global_id(given)
        except ApiError:
            return None
        return pk if kind == "Person" else None
    return viewer.person_id


def record_mutation(
    session: AsyncSession, viewer: Viewer, action: str, arguments: Mapping[str, Any]
) -> None:
    """Add the mutation's event to the session whose transaction holds its effect."""
    targets = dict(islice(_ids(arguments), MOST_TARGETS))
    session.add(
        AuditEvent(
            actor_id=viewer.person_id,
            action=action,
            person_id=_person(targets, viewer),
            targets=targets,
        )
    )


async def record_reads(
    session: AsyncSession, viewer: Viewer, reads: Iterable[tuple[str, int]]
) -> None:
    """Reads of other people's records (a viewer reading their own is not recorded), in one
    statement however many."""
    at = utcnow()
    rows = [
        {
            "at": at,
            "actor_id": viewer.person_id,
            "action": action,
            "person_id": person_id,
            "targets": {"personId": to_global_id("Person", person_id)},
        }
        for action, person_id in sorted(set(reads))
        if person_id != viewer.person_id
    ]
    if rows:
        await session.execute(insert(AuditEvent), rows)
