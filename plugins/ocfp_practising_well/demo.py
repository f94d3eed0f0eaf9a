"""Practising Well demo data: a program staff member, two guides, an approved learner matched
with a guide (with a goal, a session and a call), and an application awaiting approval."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Grant, Viewer
from core.db import utcnow
from core.people.models import Profession, Role
from core.people.roles import assign_role
from core.people.service import PersonInput, create_person
from core.registry import DemoContext
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.accounts import service as accounts
from plugins.ocfp_practising_well.goals import service as goals
from plugins.ocfp_practising_well.matching import service as matching
from plugins.ocfp_practising_well.models import GoalTerm, ReportingPreference, Topic
from plugins.ocfp_practising_well.sessions import service as sessions


async def _person(
    session: AsyncSession,
    admin: Viewer,
    organization: int,
    given: str,
    family: str,
    profession: Profession,
    licence: str | None,
) -> int:
    """Someone registered the way staff register people: a member of the organization."""
    data = PersonInput(
        organization_id=organization,
        given_name=given,
        family_name=family,
        email=f"{given}.{family}@example.org".lower(),
        profession=profession,
        licence_number=licence,
        licence_province="ON" if licence else None,
        cycle_start=date(2024, 7, 1) if licence else None,
    )
    return (await create_person(session, admin, data)).id


async def load_demo(session: AsyncSession, demo: DemoContext) -> None:
    registry = demo.registry
    ocfp = demo.organizations["ocfp"]
    # Core's demo admin (an admin of OCFP) registers the program's people and its staff.
    admin = Viewer(demo.people["admin"], (Grant(Role.ADMIN, ocfp, None),))
    staff_id = await _person(session, admin, ocfp, "Olivia", "Chen", Profession.OTHER, None)
    await assign_role(
        session,
        admin,
        person_id=staff_id,
        organization_id=ocfp,
        program=SLUG,
        role=Role.PROGRAM_STAFF,
    )
    demo.people["pw_staff"] = staff_id
    staff = Viewer(staff_id, (Grant(Role.PROGRAM_STAFF, ocfp, SLUG),))

    samuel = await matching.create_guide(
        session,
        registry,
        staff,
        person_id=demo.people["guide"],
        organization_id=ocfp,
        bio="Family physician in Thunder Bay; addiction medicine and chronic pain.",
        topic_areas=[Topic.SUBSTANCE_USE, Topic.CHRONIC_PAIN],
        capacity=3,
    )
    second = await _person(
        session, admin, ocfp, "Amara", "Nwosu", Profession.FAMILY_PHYSICIAN, "ON-61208"
    )
    await matching.create_guide(
        session,
        registry,
        staff,
        person_id=second,
        organization_id=ocfp,
        bio="Family physician in Toronto with a focus on perinatal mental health.",
        topic_areas=[Topic.MENTAL_HEALTH],
        capacity=2,
    )

    learner_id = demo.people["physician2"]
    learner_viewer = Viewer(learner_id, (Grant(Role.MEMBER, ocfp, None),))
    learner = await accounts.apply(
        session,
        registry,
        learner_viewer,
        organization_id=ocfp,
        topic_areas=[Topic.CHRONIC_PAIN],
        reporting=ReportingPreference.CERTIFICATE,
    )
    await accounts.decide(session, registry, staff, account_id=learner.id, approve=True, note=None)
    request = await matching.request_guide(
        session,
        registry,
        learner_viewer,
        guide_id=samuel.id,
        message="Tapering long-term opioid therapy.",
    )
    await matching.confirm(session, registry, staff, request_id=request.id)
    goal = await goals.set_goal(
        session,
        registry,
        learner_viewer,
        specific="Build a tapering plan template for patients on long-term opioids",
        measurable="Use it with five patients and review outcomes with my guide",
        achievable="Two hours a month with my guide and the OCFP resources",
        relevant="A quarter of my practice lives with chronic pain",
        target_date=utcnow().date() + timedelta(days=120),
        term=GoalTerm.SHORT,
        guide_id=samuel.id,
    )
    await sessions.log_session(
        session,
        registry,
        learner_viewer,
        guide_id=samuel.id,
        learner_id=learner_id,
        held_on=utcnow().date() - timedelta(days=7),
        hours=Decimal("1.5"),
        goal_id=goal.id,
    )
    start = datetime.combine(utcnow().date() - timedelta(days=14), datetime.min.time(), UTC)
    call = await sessions.schedule_call(
        session,
        registry,
        staff,
        organization_id=ocfp,
        title="Community of Practice: benzodiazepine deprescribing",
        starts_at=start + timedelta(hours=19),
        ends_at=start + timedelta(hours=20),
    )
    await sessions.record_call_attendance(
        session, registry, staff, call_id=call.id, learner_id=learner_id, hours=Decimal(1)
    )

    pending_id = demo.people["physician3"]
    await accounts.apply(
        session,
        registry,
        Viewer(pending_id, ()),
        organization_id=ocfp,
        topic_areas=[Topic.MENTAL_HEALTH],
        reporting=ReportingPreference.OCFP_ENTERS,
    )
