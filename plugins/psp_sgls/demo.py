"""Demo data: the PSP provincial office over the Fraser regional support team over core's demo
division, its program staff, a certified series with a proposed topic, and a session of it
with a physician and an MOA registered and attending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Grant, Viewer
from core.people.models import Profession, Role
from core.people.roles import assign_role
from core.people.service import PersonInput, create_organization, create_person, move_organization
from core.registry import DemoContext
from plugins.psp_sgls import SLUG
from plugins.psp_sgls.series import service as series
from plugins.psp_sgls.sessions import service as sessions


async def load_demo(session: AsyncSession, demo: DemoContext) -> None:
    registry = demo.registry
    platform = Viewer(demo.people["admin"], (Grant(Role.ADMIN, None, None),))
    office = await create_organization(
        session, platform, "GPSC Practice Support Program", "provincial_office"
    )
    rst = await create_organization(session, platform, "Fraser RST", "rst", parent_id=office.id)
    division = demo.organizations["division"]
    await move_organization(session, platform, division, rst.id)
    demo.organizations["psp_office"], demo.organizations["psp_rst"] = office.id, rst.id
    staff = await create_person(
        session,
        platform,
        PersonInput(
            organization_id=office.id,
            given_name="Hannah",
            family_name="Grewal",
            email="hannah.grewal@example.org",
            profession=Profession.OTHER,
        ),
    )
    await assign_role(
        session,
        platform,
        person_id=staff.id,
        organization_id=office.id,
        program=SLUG,
        role=Role.PROGRAM_STAFF,
    )
    demo.people["psp_staff"] = staff.id
    themed = await series.create_series(
        session,
        platform,
        organization_id=office.id,
        title="Quality improvement makes practice life easier",
        theme="Practical QI for the office",
    )
    await sessions.certify_series(session, registry, platform, series_id=themed.id, rate=Decimal(1))
    topic = await series.propose_topic(
        session,
        platform,
        organization_id=division,
        title="Using EMR searches for preventive screening",
        description="Proposed by the division's doctors.",
    )
    await series.select_topic(session, platform, topic_id=topic.id, series_id=themed.id)
    start = datetime.now(UTC).replace(hour=1, minute=0, second=0, microsecond=0)
    start -= timedelta(days=7)
    held = await sessions.schedule(
        session,
        registry,
        platform,
        sessions.SessionInput(
            series_id=themed.id,
            division_id=division,
            title="EMR searches for screening",
            objectives="Build one EMR search; plan a recall for overdue screening.",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            place="Fraser Northwest Division office",
            lead_id=demo.people["physician"],
        ),
    )
    for person in (demo.people["physician"], demo.people["moa"]):
        await sessions.register(session, registry, platform, session_id=held.id, person_id=person)
        await sessions.record_attendance(
            session, registry, platform, session_id=held.id, person_id=person, hours=Decimal(3)
        )
