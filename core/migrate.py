"""Schema migrations through Alembic: core is the base branch, each program its own branch.

Only enabled programs' revision directories are handed to Alembic, so enabling a program
creates its tables and a disabled program's tables are never made.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.models import Certification
from core.plugin_host import Registry, installed_migrations

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


async def upgrade(database: Database, registry: Registry) -> None:
    """Bring core and every enabled program to its newest revision, then seed certifications."""
    config = alembic_config(registry)

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        for target in upgrade_targets(registry):
            command.upgrade(config, target)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)
    async with database.write() as session:
        await seed_certifications(session, registry)


async def seed_certifications(session: AsyncSession, registry: Registry) -> None:
    """Insert the certifications programs ship with, once; existing rows are data an
    organization may have edited, so they are left alone."""
    existing = set((await session.scalars(select(Certification.code))).all())
    for program in registry.programs:
        for spec in program.certifications:
            if spec.code in existing:
                continue
            session.add(
                Certification(
                    program=program.slug,
                    code=spec.code,
                    activity_kind=spec.activity_kind,
                    title=spec.title,
                    credit_system=spec.credit_system,
                    credit_type=spec.credit_type,
                    rate=spec.rate,
                    unit=spec.unit,
                    effective_from=spec.effective_from,
                    effective_to=spec.effective_to,
                )
            )
