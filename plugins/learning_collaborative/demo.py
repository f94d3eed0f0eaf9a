"""Learning collaborative demo data: a diabetes collaborative of the demo sponsor with its
charter, one practice team (a physician lead and a nurse) with a QI coach, baselines and two
monthly reports, the first learning session over two days, and a PDSA cycle."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Grant, Viewer
from core.activities.parts import PartInput
from core.groups import capacity
from core.groups.hierarchy import Site
from core.groups.invitations import form_group
from core.measures.models import Direction, MeasureKind
from core.people.models import Profession, Role
from core.people.service import PersonInput, create_person
from core.registry import DemoContext
from plugins.learning_collaborative import TEAM
from plugins.learning_collaborative.charter import service as charters
from plugins.learning_collaborative.pdsa import service as pdsa
from plugins.learning_collaborative.reports import service as reports
from plugins.learning_collaborative.sessions import service as sessions
from plugins.learning_collaborative.teams import service as teams

PACIFIC = ZoneInfo("America/Vancouver")


async def _person(
    session: AsyncSession,
    faculty: Viewer,
    organization: int,
    given: str,
    family: str,
    profession: Profession,
) -> int:
    physician = profession == Profession.FAMILY_PHYSICIAN
    data = PersonInput(
        organization_id=organization,
        given_name=given,
        family_name=family,
        email=f"lc.{given}.{family}@example.org".lower(),
        profession=profession,
        licence_number="BC-40112" if physician else None,
        licence_province="BC" if physician else None,
    )
    return (await create_person(session, faculty, data)).id


def _two_days(first: datetime) -> list[PartInput]:
    second = first + timedelta(days=1)
    return [
        PartInput("Day 1", first, first + timedelta(hours=8), Decimal(7)),
        PartInput("Day 2", second, second + timedelta(hours=7), Decimal("6.5")),
    ]


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
    _, hba1c = await charters.add_measure(
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
    lead = await _person(session, faculty, sponsor, "Priya", "Shah", Profession.FAMILY_PHYSICIAN)
    nurse = await _person(session, faculty, sponsor, "Tom", "Reyes", Profession.NURSE)
    coach = await _person(session, faculty, sponsor, "Lena", "Fox", Profession.ALLIED_HEALTH)
    lead_viewer = Viewer(lead, (Grant(Role.MEMBER, sponsor, None),))
    team, _ = await form_group(
        session,
        registry,
        lead_viewer,
        organization_id=sponsor,
        kind=TEAM,
        name="Riverside QI team",
        capacity=8,
        site=Site(row.group_id, "Riverside Family Practice", "Prince George"),
    )
    await capacity.join_group(session, registry, team.id, nurse)
    await teams.assign_coach(session, registry, faculty, team_id=team.id, coach_id=coach)
    for month, numerator in (
        (date(2025, 12, 1), 52),
        (date(2026, 1, 1), 55),
        (date(2026, 2, 1), 58),
    ):
        await reports.report(
            session,
            registry,
            lead_viewer,
            team_id=team.id,
            measure_id=hba1c.id,
            period=month,
            numerator=Decimal(numerator),
            denominator=Decimal(100),
        )
    await sessions.schedule(
        session,
        registry,
        faculty,
        collaborative_id=row.group_id,
        number=1,
        title="Learning session 1: the Model for Improvement",
        location="Prince George Civic Centre",
        days=_two_days(datetime(2026, 1, 15, 8, 30, tzinfo=PACIFIC)),
    )
    await pdsa.start_cycle(
        session,
        lead_viewer,
        team_id=team.id,
        change_idea="Point-of-care HbA1c testing at every diabetes visit",
        prediction="More patients get a same-day result and a plan.",
        plan="Test with Dr. Shah's Tuesday clinic for two weeks.",
        started_on=date(2026, 1, 20),
        measure_ids=[hba1c.id],
    )
