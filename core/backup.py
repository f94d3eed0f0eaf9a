"""``peerlearn db backup PATH``: a copy of the SQLite database taken while the server runs.

Copying the file of a live SQLite database can catch it halfway through a write (and misses
what still sits in the ``-wal`` file). SQLite's online backup API copies a consistent snapshot
instead: the copy is made in one step from one read transaction, and in WAL mode a reader
neither waits for writers nor holds them up, so the server keeps serving. PostgreSQL has its own
tools (``pg_dump``), which this command points to rather than imitates.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from core.settings import Settings, SettingsError


@dataclass(frozen=True)
class Backup:
    source: Path
    target: Path
    size: int


def sqlite_file(database_url: str) -> Path:
    """The file of the configured SQLite database, or why there is none to back up."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise SettingsError(
            "`peerlearn db backup` copies a SQLite database; back up PostgreSQL with pg_dump "
            "(pg_dump --format=custom --file=peerlearn.dump <database>; see docs/deployment.md)"
        )
    if url.database in (None, "", ":memory:"):
        raise SettingsError("an in-memory SQLite database has no file to back up")
    path = Path(url.database)
    if not path.is_file():
        raise SettingsError(f"no SQLite database at {path}; nothing to back up")
    return path


def backup_sqlite(settings: Settings, target: Path) -> Backup:
    """Copy the configured SQLite database to ``target``, a new file, while others write.

    The copy is written beside the target under a temporary name and renamed once it is
    complete and passes SQLite's quick check, so a file at ``target`` is always a whole backup.
    """
    source = sqlite_file(settings.database_url)
    if target.exists():
        raise SettingsError(f"{target} exists; give a new path for the backup")
    if not target.parent.is_dir():
        raise SettingsError(f"{target.parent} is not a directory")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        verdict = _copy(source, partial, settings.sqlite_busy_timeout_ms / 1000)
        if verdict != "ok":
            raise SettingsError(f"the copy of {source} failed SQLite's quick check: {verdict}")
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise SettingsError(f"could not back up {source}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return Backup(source, target, target.stat().st_size)


def _copy(source: Path, target: Path, timeout: float) -> str:
    """Copy every page in one step (one snapshot, however busy the server); SQLite's quick
    check of the copy."""
    with (
        closing(sqlite3.connect(source, timeout=timeout)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)
        (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
    return str(verdict)
