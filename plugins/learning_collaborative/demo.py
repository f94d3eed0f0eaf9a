"""Learning collaborative demo data: a collaborative of the demo sponsor with its charter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Grant, Viewer
from core.measures.models import Direction, MeasureKind
from core.people.models import Role
from core.registry import DemoContext
from plugins.learning_collaborative.charter import service as charters


async def load_demo(session: AsyncSession, demo: DemoContext) -> None:
    registry = demo.registry
    sponsor = demo.organizations["collaborative"]
    faculty = Viewer(demo.people["admin"], (Grant(Role.ADMIN, sponsor, None),))
    row = await charters.create_collaborative(
        session,
        registry,
        faculty,
        organization_id=sponsor,
        name="Diabetes care collaborative 2026",
        starts_on=date(2026, 1, 1),
        faculty_id=demo.people["admin"],
    )
    await charters.add_goal(
        session,
        faculty,
        collaborative_id=row.group_id,
        statement="Four in five patients with diabetes have an HbA1c under 8% by December.",
    )
    await charters.add_measure(
        session,
        registry,
        faculty,
        collaborative_id=row.group_id,
        name="HbA1c under 8%",
        definition="Patients with diabetes whose last HbA1c is under 8% over all patients "
        "with diabetes seen in the month.",
        kind=MeasureKind.RATIO,
        unit="%",
        direction=Direction.UP,
        target=Decimal("0.8"),
    )
