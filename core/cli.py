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

# Nothing of the service is imported here until a command runs: each `serve --workers` worker
# imports this module first (core.commands says why it must stay light).

_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def _duration(text: str) -> timedelta:
    """``30m``, ``8h`` or ``7d``."""
    unit = _UNITS.get(text[-1:])
    if unit is None or not text[:-1].isdigit() or int(text[:-1]) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 30m, 8h or 7d")
    return timedelta(**{unit: int(text[:-1])})


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
    from core import commands
    from core.settings import Settings

    try:
        settings = Settings.from_env()
        if args.command == "serve":
            commands.serve(args, settings)
        elif args.command == "worker":
            commands.worker(settings, args.concurrency)
        elif args.command == "db" and args.db_command == "backup":
            commands.db_backup(settings, args.path)
        elif args.command == "db":
            asyncio.run(commands.db_upgrade(settings))
        elif args.command == "bootstrap":
            asyncio.run(commands.bootstrap_installation(settings, args))
        elif args.command == "demo-data":
            asyncio.run(commands.demo_data(settings))
        elif args.command == "export-schema":
            commands.export_schema(settings)
        elif args.command == "token":
            asyncio.run(commands.token(settings, args.person, args.expires))
        elif args.command == "calendar-feed":
            asyncio.run(commands.calendar_feed(settings, args.person, args.program))
        elif args.command == "new-program":
            commands.new_program(args)
    except commands.REFUSALS as error:
        print(f"peerlearn: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
