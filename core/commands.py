"""What each ``peerlearn`` command does (:mod:`core.cli` parses the command line and calls one
of these).

Kept apart from the parser so that importing :mod:`core.cli` is cheap: ``serve --workers N``
starts each worker with multiprocessing's *spawn*, which first re-imports the ``peerlearn``
script and so :mod:`core.cli`, before uvicorn's health-check thread runs in it. Importing this
module (SQLAlchemy, alembic, every program) takes seconds of CPU; on a busy machine a worker
that paid it there missed uvicorn's 5-second health check and was killed and started again."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import timedelta
from pathlib import Path

from alembic.util import CommandError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.errors import RuleViolation
from core.people.models import Person
from core.plugin_host import load_registry
from core.registry import ProgramError, Registry
from core.settings import MIN_SECRET_LENGTH, Settings, SettingsError
from core.tokens import mint_token

# A command that stops on one of these prints it and exits 2 (:func:`core.cli.main`).
REFUSALS = (ProgramError, SettingsError, CommandError)


def serve(args: argparse.Namespace, settings: Settings) -> None:
    import uvicorn

    from core.observability.logging import logging_config

    load_registry(settings)  # fail here, clearly, before workers start
    with _shared_metrics(settings, args.workers):
        uvicorn.run(
            "core.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=logging_config(settings),
            log_level=settings.log_level.lower(),
            access_log=False,  # the request log line replaces it, without the query string
        )


@contextmanager
def _shared_metrics(settings: Settings, workers: int) -> Iterator[None]:
    """Each worker counts requests in its own memory, so a scrape would report whichever
    worker answered it. Several workers share their counts through files instead: in
    ``PROMETHEUS_MULTIPROC_DIR`` when it is set (emptied first: an earlier run's counts would
    be summed in), else in a directory of this run's own, removed when it stops."""
    from core.observability.metrics import MULTIPROC_DIR, clear_multiprocess_dir, multiprocess

    if workers == 1 or not settings.metrics or multiprocess():
        clear_multiprocess_dir()
        yield
        return
    with tempfile.TemporaryDirectory(prefix="peerlearn-metrics-") as directory:
        os.environ[MULTIPROC_DIR] = directory  # the workers inherit it
        try:
            yield
        finally:
            del os.environ[MULTIPROC_DIR]


@asynccontextmanager
async def _opened(settings: Settings) -> AsyncIterator[tuple[Database, Registry]]:
    """The database and the enabled programs for one command, closed when it is done."""
    registry = load_registry(settings)
    database = Database.from_settings(settings)
    try:
        yield database, registry
    finally:
        await database.dispose()


async def db_upgrade(settings: Settings) -> None:
    from core.migrate import upgrade

    async with _opened(settings) as (database, registry):
        changes = await upgrade(database, registry)
    for change in changes:
        print(f"certification superseded: {change}")
    print(f"database is up to date (core, {', '.join(registry.slugs[1:]) or 'no programs'})")


async def bootstrap_installation(settings: Settings, args: argparse.Namespace) -> None:
    """Migrate (an empty database becomes a current one), then make the first organization
    and platform admin in one transaction, or say why not."""
    from core.migrate import upgrade
    from core.people.bootstrap import bootstrap

    try:
        async with _opened(settings) as (database, registry):
            await upgrade(database, registry)
            async with database.write() as session:
                done = await bootstrap(
                    session,
                    organization=args.organization,
                    kind=args.kind,
                    email=args.email,
                    given_name=args.given_name,
                    family_name=args.family_name,
                )
                email, organization = done.person.email, done.organization.name
    except RuleViolation as violation:
        raise SettingsError(str(violation)) from None
    if done.created:
        print(f"{email} is a platform admin and an admin of {organization!r}")
    else:
        print(f"{email} is the platform admin already; nothing changed")
    print(f"Sign in with a token:  .venv/bin/peerlearn token --person {email}")


async def demo_data(settings: Settings) -> None:
    from core.demo import load_demo

    async with _opened(settings) as (database, registry):
        loaded = await load_demo(database, registry)
    print("demo data loaded" if loaded else "demo data already present; left as it is")


SECRET_FILE = Path(".peerlearn-token-secret")


def _token_secret(settings: Settings) -> str:
    """PEERLEARN_TOKEN_SECRET, else the secret ``make run`` wrote into the working directory,
    so that a token minted here is one the server ``make run`` started accepts."""
    if settings.token_secret is not None:
        return settings.token_secret
    try:
        secret = SECRET_FILE.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise SettingsError(
            f"set PEERLEARN_TOKEN_SECRET to mint tokens (or run where {SECRET_FILE} is: "
            "`make run` writes it)"
        ) from None
    if len(secret) < MIN_SECRET_LENGTH:
        raise SettingsError(f"{SECRET_FILE} must hold at least {MIN_SECRET_LENGTH} characters")
    return secret


async def _person(session: AsyncSession, who: str) -> int:
    """A person named on the command line by ID or email, who may sign in."""
    column = Person.id if who.isdigit() else Person.email
    found = (
        await session.execute(
            select(Person.id, Person.deactivated_at).where(
                column == (int(who) if who.isdigit() else who.lower())
            )
        )
    ).first()
    if found is None:
        raise SettingsError(f"no person {who!r} (give an ID or an email address)")
    if found.deactivated_at is not None:
        raise SettingsError(f"{who!r} is deactivated and cannot sign in")
    return int(found.id)


async def token(settings: Settings, who: str, expires: timedelta) -> None:
    secret = _token_secret(settings)
    database = Database.from_settings(settings)
    try:
        async with database.read() as session:
            person_id = await _person(session, who)
    finally:
        await database.dispose()
    print(mint_token(secret, person_id, expires))


async def calendar_feed(settings: Settings, who: str, program: str | None) -> None:
    """A person's private calendar URL path, made as they would make it themselves."""
    from core.access import load_viewer
    from core.calendars.routes import ROUTE
    from core.calendars.service import create_feed

    try:
        async with _opened(settings) as (database, registry), database.write() as session:
            viewer = await load_viewer(session, await _person(session, who), registry.access_rules)
            _, token = await create_feed(session, registry, viewer, program=program)
    except RuleViolation as refused:
        raise SettingsError("; ".join(r.message for r in refused.reasons)) from None
    print(ROUTE.format(token=token))


def db_backup(settings: Settings, target: Path) -> None:
    from core.backup import backup_sqlite

    done = backup_sqlite(settings, target)
    print(f"backed up {done.source} to {done.target} ({done.size} bytes)")


def worker(settings: Settings, concurrency: int) -> None:
    from core.observability.logging import configure_logging
    from core.tasks.worker import conninfo, run_worker

    conninfo(settings.database_url)  # refuse SQLite before loading anything
    configure_logging(settings)
    asyncio.run(run_worker(settings, load_registry(settings), concurrency))


def export_schema(settings: Settings) -> None:
    from core.graphql.schema import build_schema

    sys.stdout.write(build_schema(load_registry(settings), settings).sdl())


def new_program(args: argparse.Namespace) -> None:
    from core.skeleton import SkeletonError, new_program

    try:
        target = new_program(args.name, args.directory)
    except SkeletonError as error:
        raise SystemExit(f"peerlearn: {error}") from error
    print(f"wrote {target}: pip install -e {target} && pytest {target}")
