"""The ``peerlearn`` command line: serve, run tasks, migrate, load demo data, export the
schema."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import timedelta

from alembic.util import CommandError
from sqlalchemy import select

from core.db import Database
from core.people.models import Person
from core.plugin_host import load_registry
from core.registry import ProgramError
from core.settings import Settings, SettingsError
from core.tokens import mint_token


def _serve(args: argparse.Namespace, settings: Settings) -> None:
    import uvicorn

    load_registry(settings)  # fail here, clearly, before workers start
    uvicorn.run(
        "core.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
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


async def _token(settings: Settings, who: str, expires: timedelta) -> None:
    if settings.token_secret is None:
        raise SettingsError("set PEERLEARN_TOKEN_SECRET to mint tokens")
    database = Database.from_settings(settings)
    try:
        async with database.read() as session:
            column = Person.id if who.isdigit() else Person.email
            person_id = await session.scalar(
                select(Person.id).where(column == (int(who) if who.isdigit() else who.lower()))
            )
    finally:
        await database.dispose()
    if person_id is None:
        raise SettingsError(f"no person {who!r} (give an ID or an email address)")
    print(mint_token(settings.token_secret, person_id, expires))


def _worker(settings: Settings, concurrency: int) -> None:
    from core.tasks.worker import conninfo, run_worker

    conninfo(settings.database_url)  # refuse SQLite before loading anything
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    asyncio.run(run_worker(settings, load_registry(settings), concurrency))


def _export_schema(settings: Settings) -> None:
    from core.graphql.schema import build_schema

    sys.stdout.write(build_schema(load_registry(settings), settings).sdl())


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
    commands.add_parser("demo-data", help="load demo data once")
    commands.add_parser("export-schema", help="print the SDL of the enabled programs")
    token = commands.add_parser("token", help="mint a development token (HS256) for a person")
    token.add_argument("--person", required=True, help="the person's ID or email address")
    token.add_argument("--expires", type=_duration, default=timedelta(hours=8))
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        if args.command == "serve":
            _serve(args, settings)
        elif args.command == "worker":
            _worker(settings, args.concurrency)
        elif args.command == "db":
            asyncio.run(_upgrade(settings))
        elif args.command == "demo-data":
            asyncio.run(_demo(settings))
        elif args.command == "export-schema":
            _export_schema(settings)
        elif args.command == "token":
            asyncio.run(_token(settings, args.person, args.expires))
    except (ProgramError, SettingsError, CommandError) as error:
        print(f"peerlearn: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
