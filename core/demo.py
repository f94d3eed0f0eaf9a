"""Demo data for ``make run``: a few organizations and people every program can build on.

Loaded once: a database that already holds organizations is left alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.credits.constants import CERTIFIED, NON_CERTIFIED
from core.db import Database
from core.groups.models import Group
from core.people.models import Organization, Person, Profession, Role, RoleAssignment
from core.registry import DemoContext, Registry
from core.transcripts.models import CreditCycle, CycleKind, CycleSource, ExternalCredit
from core.transcripts.systems import MAINPRO, followed_by

ORGANIZATIONS = {
    "division": ("Fraser Northwest Division of Family Practice", "division"),
    "cpso": ("College of Physicians and Surgeons of Ontario", "college"),
    "ocfp": ("Ontario College of Family Physicians", "association"),
    "collaborative": ("Northern Health Learning Collaborative", "sponsor"),
}

PEOPLE = {
    # key: (given, family, profession, licence, province, organization, role)
    "coordinator": ("Casey", "Morgan", Profession.OTHER, None, None, "division", Role.COORDINATOR),
    "admin": ("Alex", "Rivera", Profession.OTHER, None, None, "ocfp", Role.ADMIN),
    "physician": (
        "Priya",
        "Shah",
        Profession.FAMILY_PHYSICIAN,
        "BC-20931",
        "BC",
        "division",
        Role.MEMBER,
    ),
    "physician2": (
        "Daniel",
        "Okafor",
        Profession.FAMILY_PHYSICIAN,
        "ON-88120",
        "ON",
        "ocfp",
        Role.MEMBER,
    ),
    "physician3": (
        "Marie",
        "Tremblay",
        Profession.FAMILY_PHYSICIAN,
        "ON-77311",
        "ON",
        "cpso",
        Role.MEMBER,
    ),
    "guide": ("Samuel", "Lee", Profession.FAMILY_PHYSICIAN, "ON-55002", "ON", "ocfp", Role.GUIDE),
    "moa": ("Jordan", "Blake", Profession.MOA, None, None, "division", Role.MEMBER),
}


async def load_core_demo(session: AsyncSession, demo: DemoContext) -> None:
    for key, (name, kind) in ORGANIZATIONS.items():
        organization = Organization(name=name, kind=kind)
        session.add(organization)
        await session.flush()
        demo.organizations[key] = organization.id
    for key, (given, family, profession, licence, province, org, role) in PEOPLE.items():
        person = Person(
            given_name=given,
            family_name=family,
            email=f"{given}.{family}@example.org".lower(),
            profession=profession,
            licence_number=licence,
            licence_province=province,
        )
        session.add(person)
        await session.flush()
        demo.people[key] = person.id
        session.add(
            RoleAssignment(person_id=person.id, organization_id=demo.organizations[org], role=role)
        )
        if system := followed_by(profession):
            session.add(_demo_cycle(person.id, system.code))
    session.add_all(_recorded_elsewhere(demo.people["physician"]))
    # The demo admin also runs the platform: creates organizations, grants any role.
    session.add(
        RoleAssignment(person_id=demo.people["admin"], organization_id=None, role=Role.ADMIN)
    )
    group = Group(
        organization_id=demo.organizations["division"],
        program="core",
        kind="core.group",
        name="Fraser Northwest peer circle",
        capacity=12,
    )
    session.add(group)
    await session.flush()
    demo.groups["peer_circle"] = group.id


async def load_demo(database: Database, registry: Registry) -> bool:
    """Load every enabled program's demo data in one transaction; False if already loaded."""
    async with database.write() as session:
        if await session.scalar(select(func.count()).select_from(Organization)):
            return False
        demo = DemoContext(registry=registry)
        for program in registry.programs:
            if program.demo_data is not None:
                await program.demo_data(session, demo)
    return True


def _demo_cycle(person_id: int, system: str) -> CreditCycle:
    """Every demo physician's College cycle runs from 1 July 2024, as staff entered it."""
    return CreditCycle(
        person_id=person_id,
        credit_system=system,
        kind=CycleKind.REGULAR,
        starts_on=date(2024, 7, 1),
        ends_on=date(2029, 6, 30),
        source=CycleSource.STAFF,
    )


def _recorded_elsewhere(person_id: int) -> list[ExternalCredit]:
    """Credit Dr. Shah earned outside peerlearn and recorded herself, so her transcript shows
    a self-reported line beside her programs' credits."""
    return [
        ExternalCredit(
            person_id=person_id,
            earned_on=date(2025, 3, 10),
            provider="UBC Continuing Professional Development",
            title="St. Paul's Hospital CME conference",
            hours=Decimal(6),
            credits=Decimal(6),
            credit_system=MAINPRO,
            category=CERTIFIED,
        ),
        ExternalCredit(
            person_id=person_id,
            earned_on=date(2025, 11, 2),
            provider="Fraser Northwest journal club",
            title="Journal club: deprescribing in older adults",
            hours=Decimal(2),
            credits=Decimal(2),
            credit_system=MAINPRO,
            category=NON_CERTIFIED,
        ),
    ]
