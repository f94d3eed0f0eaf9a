"""Schema migrations through Alembic: core is the base branch, each program its own branch.

Only enabled programs' revision directories are handed to Alembic, so enabling a program
creates its tables and a disabled program's tables are never made.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.credits.models import Certification
from core.db import Database, utcnow
from core.plugin_host import installed_migrations
from core.programs import CertificationSpec
from core.registry import Registry

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(registry: Registry) -> Config:
    """Alembic sees the revisions of every installed program (so a program disabled after it
    was migrated does not break the history) but is only asked to run the enabled ones."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "newline")
    directories = {slug: m.directory for slug, m in installed_migrations().items()}
    directories.update(
        {p.slug: p.migrations.directory for p in registry.programs if p.migrations is not None}
    )
    locations = [MIGRATIONS / "versions", *sorted(set(directories.values()))]
    config.set_main_option("version_locations", "\n".join(map(str, locations)))
    return config


def upgrade_targets(registry: Registry) -> list[str]:
    return ["core@head"] + [
        f"{p.slug}@head" for p in registry.programs[1:] if p.migrations is not None
    ]


async def upgrade(database: Database, registry: Registry) -> list[str]:
    """Bring core and every enabled program to its newest revision, then seed certifications;
    returns the certification changes made."""
    config = alembic_config(registry)

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        for target in upgrade_targets(registry):
            command.upgrade(config, target)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)
    async with database.write() as session:
        return await seed_certifications(session, registry)


def _lineage(rows: list[Certification], code: str) -> list[Certification]:
    """A shipped certification and the rows that superseded it: named ``CODE@YYYY-MM-DD``
    when seeded, or linked by ``supersedes_id`` when staff superseded it under a code of
    their own."""
    found = {r.id: r for r in rows if r.code == code or r.code.startswith(code + "@")}
    linked = True
    while linked:
        linked = False
        for row in rows:
            if row.supersedes_id in found and row.id not in found:
                found[row.id] = row
                linked = True
    return sorted(found.values(), key=lambda r: r.effective_from)


def _differs(row: Certification, spec: CertificationSpec) -> bool:
    return (row.rate, row.unit) != (spec.rate, spec.unit)


async def seed_certifications(
    session: AsyncSession, registry: Registry, today: date | None = None
) -> list[str]:
    """Insert the certifications programs ship with, once. When a setting changed the rate of
    an open certification (PW's ``cop_rate``, say), the row in force is closed yesterday and a
    successor takes the new rate from today: activities already held keep the rate they were
    held under, and what a program shows as its setting is the rate in force. Returns what
    changed, for the operator."""
    today = today or utcnow().date()
    rows = list((await session.scalars(select(Certification))).all())
    changes: list[str] = []
    for program in registry.programs:
        for spec in program.certifications:
            lineage = _lineage(rows, spec.code)
            if not lineage:
                session.add(_row(program.slug, spec, spec.code, spec.effective_from))
                continue
            current = lineage[-1]
            if spec.effective_to is not None or not _differs(current, spec):
                continue
            if current.effective_from >= today:  # changed again on the day it took effect
                current.rate, current.unit = spec.rate, spec.unit
            else:
                if current.effective_to is None or current.effective_to >= today:
                    current.effective_to = today - timedelta(days=1)
                successor = _row(program.slug, spec, f"{spec.code}@{today}", today)
                successor.supersedes_id = current.id
                session.add(successor)
            changes.append(f"{spec.code}: {spec.rate} credits per {spec.unit} from {today}")
    return changes


async def stale_certifications(session: AsyncSession, registry: Registry) -> list[str]:
    """Settings whose certification rate is not the one in force: the server refuses to start
    on them (``peerlearn db upgrade`` applies them), so no setting shows a rate not paid."""
    rows = list((await session.scalars(select(Certification))).all())
    stale = []
    for program in registry.programs:
        for spec in program.certifications:
            lineage = _lineage(rows, spec.code)
            if spec.effective_to is None and (not lineage or _differs(lineage[-1], spec)):
                stale.append(f"{spec.code} ({spec.rate} per {spec.unit})")
    return stale


def _row(program: str, spec: CertificationSpec, code: str, effective_from: date) -> Certification:
    return Certification(
        program=program,
        code=code,
        activity_kind=spec.activity_kind,
        title=spec.title,
        credit_system=spec.credit_system,
        credit_type=spec.credit_type,
        rate=spec.rate,
        unit=spec.unit,
        effective_from=effective_from,
        effective_to=spec.effective_to,
    )
