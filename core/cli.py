"""The ``peerlearn`` command line: serve, run tasks, migrate, start an installation (its first
organization and platform admin), load demo data, mint tokens, make calendar feeds, export the
schema, start a new program from the skeleton."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from alembic.util import CommandError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.errors import RuleViolation
from core.people.models import Person
from core.plugin_host import load_registry
from core.registry import ProgramError
from core.settings import MIN_SECRET_LENGTH, Settings, SettingsError
from core.tokens import mint_token


def _serve(args: argparse.Namespace, settings: Settings) -> None:
    import uvicorn

    from core.observability.logging import logging_config
    from core.observability.metrics import clear_multiprocess_dir

    load_registry(settings)  # fail here, clearly, before workers start
    clear_multiprocess_dir()
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


async def _upgrade(settings: Settings) -> None:
    from core.migrate import upgrade

    registry = load_registry(settings)
    database = Database.from_settings(settings)
    try:
        changes = await upgrade(database, registry)
    finally:
        await database.dispose()
    for change in changes:
        print(f"certification superseded: {change}")
    print(f"database is up to date (core, {', '.join(registry.slugs[1:]) or 'no programs'})")


async def _bootstrap(settings: Settings, args: argparse.Namespace) -> None:
    """Migrate (an empty database becomes a current one), then make the first organization
    and platform admin in one transaction, or say why not."""
    from core.migrate import upgrade
    from core.people.bootstrap import bootstrap

    registry = load_registry(settings)
    database = Database.from_settings(settings)
    try:
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
    finally:
        await database.dispose()
    if done.created:
        print(f"{email} is a platform admin and an admin of {organization!r}")
    else:
        print(f"{email} is the platform admin already; nothing changed")
    print(f"Sign in with a token:  .venv/bin/peerlearn token --person {email}")


async def _demo(settings: Settings) -> None:
    from core.demo import load_demo

    registry = load_registry(settings)
    database = Database.from_settings(settings)
    try:
        loaded = await load_demo(database, registry)
    finally:
        await database.dispose()
    print("demo data loaded" if loaded else "demo data already present; left as it is")


_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def _duration(text: str) -> timedelta:
    """``30m``, ``8h`` or ``7d``."""
    unit = _UNITS.get(text[-1:])
    if unit is None or not text[:-1].isdigit() or int(text[:-1]) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 30m, 8h or 7d")
    return timedelta(**{unit: int(text[:-1])})


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


async def _token(settings: Settings, who: str, expires: timedelta) -> None:
    secret = _token_secret(settings)
    database = Database.from_settings(settings)
    try:
        async with database.read() as session:
            person_id = await _person(session, who)
    finally:
        await database.dispose()
    print(mint_token(secret, person_id, expires))


async def _calendar_feed(settings: Settings, who: str, program: str | None) -> None:
    """A person's private calendar URL path, made as they would make it themselves."""
    from core.access import load_viewer
    from core.calendars.routes import ROUTE
    from core.calendars.service import create_feed

    registry = load_registry(settings)
    database = Database.from_settings(settings)
    try:
        async with database.write() as session:
            viewer = await load_viewer(session, await _person(session, who), registry.access_rules)
            _, token = await create_feed(session, registry, viewer, program=program)
    except RuleViolation as refused:
        raise SettingsError("; ".join(r.message for r in refused.reasons)) from None
    finally:
        await database.dispose()
    print(ROUTE.format(token=token))


def _backup(settings: Settings, target: Path) -> None:
    from core.backup import backup_sqlite

    done = backup_sqlite(settings, target)
    print(f"backed up {done.source} to {done.target} ({done.size} bytes)")


def _worker(settings: Settings, concurrency: int) -> None:
    from core.observability.logging import configure_logging
    from core.tasks.worker import conninfo, run_worker

    conninfo(settings.database_url)  # refuse SQLite before loading anything
    configure_logging(settings)
    asyncio.run(run_worker(settings, load_registry(settings), concurrency))


def _export_schema(settings: Settings) -> None:
    from core.graphql.schema import build_schema

    sys.stdout.write(build_schema(load_registry(settings), settings).sdl())


def _new_program(args: argparse.Namespace) -> None:
    from core.skeleton import SkeletonError, new_program

    try:
        target = new_program(args.name, args.directory)
    except SkeletonError as error:
        raise SystemExit(f"peerlearn: {error}") from error
    print(f"wrote {target}: pip install -e {target} && pytest {target}")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="peerlearn", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve GraphQL (GraphiQL at /graphql)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    worker = commands.add_parser(
        "worker", help="run due reminders and other tasks (PostgreSQL; start as many as needed)"
    )
    worker.add_argument("--concurrency", type=int, default=1, help="jobs run at once")
    db = commands.add_parser("db", help="database commands")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="migrate core and enabled programs to their newest")
    backup = db_commands.add_parser(
        "backup", help="copy the SQLite database to a new file while it serves (online backup)"
    )
    backup.add_argument("path", type=Path, help="the new file to write")
    start = commands.add_parser(
        "bootstrap",
        help="migrate, then make the first organization and its platform admin (once)",
    )
    start.add_argument("--organization", required=True, help="the first organization's name")
    start.add_argument("--kind", default="other", help="what it is (a division, a college)")
    start.add_argument("--email", required=True, help="the platform admin's email address")
    start.add_argument("--given-name", required=True)
    start.add_argument("--family-name", required=True)
    commands.add_parser("demo-data", help="load demo data once")
    commands.add_parser("export-schema", help="print the SDL of the enabled programs")
    token = commands.add_parser(
        "token",
        help="mint a token (HS256) for a person, signed with PEERLEARN_TOKEN_SECRET or else "
        "the .peerlearn-token-secret of the working directory",
    )
    token.add_argument("--person", required=True, help="the person's ID or email address")
    token.add_argument("--expires", type=_duration, default=timedelta(hours=8))
    feed = commands.add_parser(
        "calendar-feed", help="make a person's private calendar feed and print its path"
    )
    feed.add_argument("--person", required=True, help="the person's ID or email address")
    feed.add_argument("--program", help="a program's open sessions instead of the person's own")
    new = commands.add_parser("new-program", help="write a program package to start from")
    new.add_argument("name", help="the program's slug, lowercase words joined by '_'")
    new.add_argument("--directory", type=Path, default=Path(), help="where to write it")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        if args.command == "serve":
            _serve(args, settings)
        elif args.command == "worker":
            _worker(settings, args.concurrency)
        elif args.command == "db" and args.db_command == "backup":
            _backup(settings, args.path)
        elif args.command == "db":
            asyncio.run(_upgrade(settings))
        elif args.command == "bootstrap":
            asyncio.run(_bootstrap(settings, args))
        elif args.command == "demo-data":
            asyncio.run(_demo(settings))
        elif args.command == "export-schema":
            _export_schema(settings)
        elif args.command == "token":
            asyncio.run(_token(settings, args.person, args.expires))
        elif args.command == "calendar-feed":
            asyncio.run(_calendar_feed(settings, args.person, args.program))
        elif args.command == "new-program":
            _new_program(args)
    except (ProgramError, SettingsError, CommandError) as error:
        print(f"peerlearn: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
