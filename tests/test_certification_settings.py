"""A setting that sets a certified rate (Practising Well's ``cop_rate``, PW-CREDIT-COP) is
never shown while another rate is paid: ``db upgrade`` supersedes the certification in force
from that day, history kept, and until it runs the rate is reported stale.

Each test migrates a database of its own, since the shared one must keep the shipped rates.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from core.app import create_app
from core.credits.models import Certification
from core.db import Database
from core.migrate import seed_certifications, stale_certifications, upgrade
from core.plugin_host import load_registry
from core.registry import Registry
from core.settings import Settings
from tests.conftest import BACKENDS, TOKEN_SECRET, fresh_database

COP_RATE = "PEERLEARN_OCFP_PRACTISING_WELL__COP_RATE"
TODAY = date(2026, 12, 3)


@pytest.fixture(params=BACKENDS)
async def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async for url in fresh_database(request.param, tmp_path):
        yield url


def _settings(url: str, cop_rate: str | None = None) -> Settings:
    return Settings(
        database_url=url,
        programs=("ocfp_practising_well",),
        token_secret=TOKEN_SECRET,
        environ={COP_RATE: cop_rate} if cop_rate else {},
    )


def _registry(url: str, cop_rate: str | None) -> Registry:
    return load_registry(_settings(url, cop_rate))


async def _cop_rows(database: Database) -> list[tuple[str, Decimal, date, date | None]]:
    async with database.read() as session:
        rows = await session.scalars(
            select(Certification)
            .where(Certification.code.startswith("PW-COMMUNITY-OF-PRACTICE"))
            .order_by(Certification.effective_from)
        )
        return [(r.code, r.rate, r.effective_from, r.effective_to) for r in rows]


async def test_pw_credit_cop_rate_change_supersedes_the_certification_from_that_day(
    fresh_url: str,
) -> None:
    database = Database.from_settings(_settings(fresh_url))
    try:
        await upgrade(database, _registry(fresh_url, None))
        async with database.write() as session:
            changes = await seed_certifications(session, _registry(fresh_url, "2"), TODAY)

        (old, new) = await _cop_rows(database)
        assert changes == [f"PW-COMMUNITY-OF-PRACTICE: 2 credits per hour from {TODAY}"]
        assert (old[1], old[3]) == (Decimal(1), TODAY - timedelta(days=1))
        assert new == (f"PW-COMMUNITY-OF-PRACTICE@{TODAY}", Decimal(2), TODAY, None)
    finally:
        await database.dispose()


async def test_pw_credit_cop_rate_not_in_force_is_reported_stale_until_upgrade(
    fresh_url: str,
) -> None:
    database = Database.from_settings(_settings(fresh_url))
    changed = _registry(fresh_url, "2")
    try:
        await upgrade(database, _registry(fresh_url, None))
        async with database.read() as session:
            before = await stale_certifications(session, changed)
        await upgrade(database, changed)
        async with database.read() as session:
            after = await stale_certifications(session, changed)

        assert before == ["PW-COMMUNITY-OF-PRACTICE (2 per hour)"]
        assert after == []
    finally:
        await database.dispose()


async def test_pw_credit_cop_rate_not_in_force_stops_the_server_starting(fresh_url: str) -> None:
    database = Database.from_settings(_settings(fresh_url))
    try:
        await upgrade(database, _registry(fresh_url, None))
        app = create_app(_settings(fresh_url, "2"), database=database)

        with pytest.raises(RuntimeError, match=r"PW-COMMUNITY-OF-PRACTICE .*db upgrade"):
            async with app.router.lifespan_context(app):
                pass
    finally:
        await database.dispose()


async def test_server_does_not_start_on_a_database_never_upgraded(fresh_url: str) -> None:
    database = Database.from_settings(_settings(fresh_url))
    try:
        app = create_app(_settings(fresh_url), database=database)

        with pytest.raises(RuntimeError, match="peerlearn db upgrade"):
            async with app.router.lifespan_context(app):
                pass
    finally:
        await database.dispose()
