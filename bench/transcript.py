"""The transcript benchmark's data and its ceiling's answer: one physician opens their own
transcript at the end of a reporting period.

The physician has a College cycle, about fifty ledger entries across programs (the data set's
twenty and thirty more) and a few self-reported credits. The ceiling (``answer``) reads the same
judged report (``core.transcripts.service.report``) and the same page of entries and shapes the
same JSON with no GraphQL in between; it is checked equal to the API's before either is
timed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from core.credits.models import CreditEntry
from core.credits.repository import entries_between
from core.db import Database, utcnow
from core.graphql.relay import to_global_id
from core.registry import Registry
from core.transcripts.judging import cents
from core.transcripts.models import CreditCycle, CycleKind, CycleSource, ExternalCredit
from core.transcripts.service import report

ENTRIES = 30
PROGRAMS = ("psp_sgls", "ocfp_practising_well", "cpso_qi_groups")
CYCLE_START = date(2024, 7, 1)

TRANSCRIPT_QUERY = """
query Transcript($id: ID!) {
  transcript(personId: $id) {
    total
    cycle { startsOn requirements { code earned missing met } years { startsOn total } }
    entries(first: 50) { nodes { program amount earnedOn } }
  }
}
"""


def _entry(person_id: int, organization_id: int, i: int, today: date) -> dict[str, Any]:
    """Two hours of a program's session every ten days back from today, 3 credits each."""
    return {
        "person_id": person_id,
        "program": PROGRAMS[i % len(PROGRAMS)],
        "credit_system": "mainpro+",
        "credit_type": "certified-assessment" if i % 8 == 0 else "certified",
        "scope": f"{PROGRAMS[i % len(PROGRAMS)]}.session",
        "formula": "BENCH",
        "quantity": Decimal(2),
        "unit": "hour",
        "rate": Decimal("1.5"),
        "caps_applied": [],
        "amount": Decimal(3),
        "explanation": "2.00 hour(s) x 1.50 credits per hour = 3.00",
        "earned_on": today - timedelta(days=10 * i),
        "organization_id": organization_id,
    }


async def load_transcript(engine: AsyncEngine, person_id: int, organization_id: int) -> None:
    today = utcnow().date()
    async with engine.begin() as conn:
        await conn.execute(
            insert(CreditCycle),
            [
                {
                    "person_id": person_id,
                    "credit_system": "mainpro+",
                    "kind": CycleKind.REGULAR,
                    "starts_on": CYCLE_START,
                    "ends_on": date(2029, 6, 30),
                    "source": CycleSource.IMPORT,
                    "set_at": utcnow(),
                }
            ],
        )
        await conn.execute(
            insert(CreditEntry),
            [_entry(person_id, organization_id, i, today) for i in range(ENTRIES)],
        )
        await conn.execute(
            insert(ExternalCredit),
            [
                {
                    "person_id": person_id,
                    "earned_on": today - timedelta(days=30 * i + 5),
                    "provider": "Provincial CME office",
                    "title": f"Course {i}",
                    "credits": Decimal(4),
                    "credit_system": "mainpro+",
                    "category": "non-certified",
                    "note": "",
                    "created_at": utcnow(),
                }
                for i in range(4)
            ],
        )


async def answer(
    database: Database, registry: Registry, viewer: Any, person_id: int
) -> dict[str, Any]:
    """What the GraphQL query answers, read and shaped by hand."""
    today = utcnow().date()
    async with database.read() as session:
        found = await report(session, registry, viewer, person_id, None, today)
        cycle = found.cycle
        assert cycle is not None
        entries = await entries_between(
            session, [person_id], cycle.starts_on, cycle.ends_on, viewer
        )
    return {
        "transcript": {
            "total": str(found.credits.total),
            "cycle": {
                "startsOn": cycle.starts_on.isoformat(),
                "requirements": [
                    {
                        "code": v.minimum.code,
                        "earned": str(v.earned),
                        "missing": str(cents(v.missing)),
                        "met": v.met,
                    }
                    for v in found.verdicts
                ],
                "years": [
                    {"startsOn": y.starts_on.isoformat(), "total": str(y.credits.total)}
                    for y in found.years
                ],
            },
            "entries": {
                "nodes": [
                    {
                        "program": e.program,
                        "amount": str(e.amount),
                        "earnedOn": e.earned_on.isoformat(),
                    }
                    for e in entries.get(person_id, [])[:50]
                ]
            },
        }
    }


def person_variables(person_id: int) -> dict[str, Any]:
    return {"id": to_global_id("Person", person_id)}
