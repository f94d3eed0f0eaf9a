"""A shipped certification superseded by staff stays its program's: the startup check that a
setting's rate is the rate in force follows the link to the successor, and ``db upgrade``
supersedes that successor when the setting changes (history kept, each row linked)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Grant, Viewer
from core.credits import certifications
from core.credits.models import Certification
from core.db import Database
from core.errors import RuleViolation
from core.migrate import seed_certifications, stale_certifications, upgrade
from core.people.models import Person, Profession, Role
from tests.test_certification_settings import _registry, _settings, fresh_url  # noqa: F401

TODAY = date(2026, 12, 3)


async def _admin(session: AsyncSession) -> Viewer:
    """A platform admin, as the first person of an installation is."""
    admin = Person(
        given_name="Platform",
        family_name="Admin",
        email="admin@example.org",
        profession=Profession.OTHER,
    )
    session.add(admin)
    await session.flush()
    return Viewer(person_id=admin.id, grants=(Grant(Role.ADMIN, None, None),))


async def _cop(database: Database) -> list[tuple[str, Decimal, date | None, int | None]]:
    async with database.read() as session:
        rows = await session.scalars(
            select(Certification)
            .where(Certification.activity_kind == "ocfp_practising_well.cop_call")
            .order_by(Certification.effective_from)
        )
        return [(r.code, r.rate, r.effective_to, r.supersedes_id) for r in rows]


async def test_core_certification_setting_check_follows_a_staff_successor(
    fresh_url: str,  # noqa: F811
) -> None:
    database = Database.from_settings(_settings(fresh_url))
    try:
        await upgrade(database, _registry(fresh_url, None))
        async with database.write() as session:
            admin = await _admin(session)
            (shipped,) = await session.scalars(
                select(Certification.id).where(Certification.code == "PW-COMMUNITY-OF-PRACTICE")
            )
            await certifications.supersede_certification(
                session,
                _registry(fresh_url, None),
                admin,
                certification_id=shipped,
                terms=certifications.Terms(
                    code="PW-COP-RECERTIFIED",
                    title="",
                    credit_type="",
                    rate=Decimal(1),
                    unit="",
                    effective_from=date(2025, 1, 1),
                ),
            )
        async with database.read() as session:
            stale_before = await stale_certifications(session, _registry(fresh_url, None))
        async with database.write() as session:
            await seed_certifications(session, _registry(fresh_url, "2"), TODAY)
        rows = await _cop(database)
    finally:
        await database.dispose()

    assert stale_before == []
    (old, staff, new) = rows
    assert staff[:3] == ("PW-COP-RECERTIFIED", Decimal(1), TODAY - timedelta(days=1))
    assert (new[0], new[1], new[2]) == (f"PW-COMMUNITY-OF-PRACTICE@{TODAY}", Decimal(2), None)
    assert old[2] == date(2024, 12, 31)
    assert new[3] is not None  # linked to the staff's successor


async def test_core_certification_setting_refuses_a_staff_rate_under_another_code(
    fresh_url: str,  # noqa: F811
) -> None:
    database = Database.from_settings(_settings(fresh_url))
    registry = _registry(fresh_url, None)
    try:
        await upgrade(database, registry)
        async with database.write() as session:
            admin = await _admin(session)
            (shipped,) = await session.scalars(
                select(Certification.id).where(Certification.code == "PW-PEER-CONNECT")
            )
            with pytest.raises(RuleViolation) as refused:
                await certifications.supersede_certification(
                    session,
                    registry,
                    admin,
                    certification_id=shipped,
                    terms=certifications.Terms("PW-PC-2027", "", "", Decimal(1), "", TODAY),
                )
    finally:
        await database.dispose()

    assert [r.code for r in refused.value.reasons] == ["CORE-CERTIFICATION-SETTING"]
