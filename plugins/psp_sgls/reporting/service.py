"""Provincial aggregates for the provincial office (and an RST or division's staff, over what
their role reaches): per division and series, sessions, participants by profession, action
plans, questionnaires returned, credits and payments; per division, certificates issued and
funds spent. The CSV exports are these rows and the payments still due."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.exports.csv import text as csv_text
from core.people.models import Organization
from core.repository import find
from plugins.psp_sgls import SLUG
from plugins.psp_sgls.models import Series
from plugins.psp_sgls.reporting import repository

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Row:
    division_id: int
    division: str
    series_id: int
    series: str
    sessions: int
    physicians: int
    moas: int
    allied_health: int
    action_plans: int
    questionnaires: int
    credits: Decimal
    payments: int
    paid: Decimal


@dataclass(frozen=True)
class DivisionRow:
    division_id: int
    division: str
    certificates: int
    funds_spent: Decimal


@dataclass(frozen=True)
class Aggregate:
    rows: list[Row]
    divisions: list[DivisionRow]


async def aggregate(db: AsyncSession, viewer: Viewer, *, organization_id: int) -> Aggregate:
    viewer.require_staff(organization_id, SLUG)
    await find(db, Organization, organization_id, missing="organization")
    sessions = await repository.session_counts(db, organization_id)
    people = await repository.participants(db, organization_id)
    plans = await repository.action_plans(db, organization_id)
    answers = await repository.questionnaires(db, organization_id)
    credits = await repository.credits(db, organization_id)
    paid = await repository.payments(db, organization_id)
    certificates = await repository.certificates(db, organization_id)
    spent = await repository.funds_spent(db, organization_id)
    division_ids = sorted({k[0] for k in sessions} | set(certificates) | set(spent))
    divisions = await repository.names(db, Organization, division_ids)
    series = await repository.names(db, Series, sorted({k[1] for k in sessions}))
    rows = [
        Row(
            division_id=d,
            division=divisions[d],
            series_id=s,
            series=series[s],
            sessions=sessions[(d, s)][0],
            physicians=people.get((d, s), (0, 0, 0))[0],
            moas=people.get((d, s), (0, 0, 0))[1],
            allied_health=people.get((d, s), (0, 0, 0))[2],
            action_plans=plans.get((d, s), (0,))[0],
            questionnaires=answers.get((d, s), (0,))[0],
            credits=credits.get((d, s), (ZERO,))[0] or ZERO,
            payments=paid.get((d, s), (0, ZERO))[0],
            paid=paid.get((d, s), (0, ZERO))[1] or ZERO,
        )
        for d, s in sorted(sessions)
    ]
    per_division = [
        DivisionRow(d, divisions[d], certificates.get(d, 0), spent.get(d) or ZERO)
        for d in division_ids
    ]
    return Aggregate(rows, per_division)


async def aggregate_csv(db: AsyncSession, viewer: Viewer, *, organization_id: int) -> str:
    found = await aggregate(db, viewer, organization_id=organization_id)
    certificates = {d.division_id: d for d in found.divisions}
    header = [
        "division",
        "series",
        "sessions",
        "physicians",
        "moas",
        "allied_health",
        "action_plans",
        "questionnaires",
        "credits",
        "payments",
        "paid",
        "division_certificates",
        "division_funds_spent",
    ]
    lines: list[list[object]] = [
        [
            r.division,
            r.series,
            r.sessions,
            r.physicians,
            r.moas,
            r.allied_health,
            r.action_plans,
            r.questionnaires,
            r.credits,
            r.payments,
            r.paid,
            certificates[r.division_id].certificates,
            certificates[r.division_id].funds_spent,
        ]
        for r in found.rows
    ]
    return csv_text(header, lines)


async def payments_due_csv(db: AsyncSession, viewer: Viewer, *, organization_id: int) -> str:
    """Physicians whose action plan is in and whose participation is not yet paid."""
    viewer.require_staff(organization_id, SLUG)
    await find(db, Organization, organization_id, missing="organization")
    rows = await repository.payments_due(db, organization_id)
    divisions = await repository.names(db, Organization, sorted({r[1] for r in rows}))
    lines: list[list[object]] = [[divisions[r[1]], r[0], r[2], f"{r[3]} {r[4]}"] for r in rows]
    return csv_text(["division", "session", "person", "name"], lines)
