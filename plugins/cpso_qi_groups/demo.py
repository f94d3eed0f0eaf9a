"""Demo data: CPSO's program staff, a selected member leading a QI group with a peer who
accepted, some individual activities done, a PIP draft and a support request."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Grant, Viewer
from core.db import utcnow
from core.groups import invitations
from core.people.models import Profession, Role
from core.people.roles import assign_role
from core.people.service import PersonInput, create_person
from core.registry import DemoContext
from plugins.cpso_qi_groups import SLUG
from plugins.cpso_qi_groups.activities import service as activities
from plugins.cpso_qi_groups.groups import service as groups
from plugins.cpso_qi_groups.models import Advisor, Basis, QiActivity
from plugins.cpso_qi_groups.pip import service as pips
from plugins.cpso_qi_groups.support import service as support


async def _person(
    session: AsyncSession, admin: Viewer, cpso: int, given: str, family: str, licence: str | None
) -> int:
    data = PersonInput(
        organization_id=cpso,
        given_name=given,
        family_name=family,
        email=f"{given}.{family}@example.org".lower(),
        profession=Profession.FAMILY_PHYSICIAN if licence else Profession.OTHER,
        licence_number=licence,
        licence_province="ON" if licence else None,
        cycle_start=date(2024, 7, 1) if licence else None,
    )
    return (await create_person(session, admin, data)).id


async def load_demo(session: AsyncSession, demo: DemoContext) -> None:
    registry = demo.registry
    cpso = demo.organizations["cpso"]
    admin = Viewer(demo.people["admin"], (Grant(Role.ADMIN, None, None),))
    staff_id = await _person(session, admin, cpso, "Nadia", "Haddad", None)
    await assign_role(
        session,
        admin,
        person_id=staff_id,
        organization_id=cpso,
        program=SLUG,
        role=Role.PROGRAM_STAFF,
    )
    demo.people["qig_staff"] = staff_id
    staff = Viewer(staff_id, (Grant(Role.PROGRAM_STAFF, cpso, SLUG),))
    lead_id = demo.people["physician3"]
    await groups.select_members(
        session, staff, organization_id=cpso, cycle="2026", person_ids=[lead_id]
    )
    lead = Viewer(lead_id, (Grant(Role.MEMBER, cpso, None),))
    group, _ = await groups.form_group(
        session,
        registry,
        lead,
        organization_id=cpso,
        name="Kingston family practice QI group",
        basis=Basis.PRACTICE_SETTING,
        description="Family physicians of one Kingston clinic.",
    )
    peer_id = await _person(session, admin, cpso, "Omar", "Farouk", "ON-61420")
    invitation = await invitations.invite(
        session, registry, lead, group_id=group.id, email="omar.farouk@example.org"
    )
    peer = Viewer(peer_id, (Grant(Role.MEMBER, cpso, None),))
    await invitations.accept(session, registry, peer, invitation_id=invitation.id)
    await invitations.invite(
        session, registry, lead, group_id=group.id, email="lena.park@example.org"
    )
    yesterday = utcnow().date() - timedelta(days=1)
    for activity in (QiActivity.QI_SURVEY, QiActivity.PRACTICE_PROFILE):
        await activities.record_activity(
            session,
            lead,
            group_id=group.id,
            activity=activity,
            completed_on=yesterday,
            minutes_spent=45,
            answers="Reflections kept for myself and CPSO.",
        )
    await activities.record_activity(
        session,
        peer,
        group_id=group.id,
        activity=QiActivity.QI_SURVEY,
        completed_on=yesterday,
        minutes_spent=30,
        answers="",
    )
    await pips.start_pip(session, registry, lead, group_id=group.id)
    await support.request_support(
        session,
        lead,
        group_id=group.id,
        advisor=Advisor.QI_COACH,
        question="How do we pick a measure for our cervical screening goal?",
    )
    demo.groups["qi_group"] = group.id
