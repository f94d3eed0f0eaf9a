"""``peerlearn db backup PATH``: an online copy of the SQLite database that holds every committed
row, none of a write still open, opens as a sound database and upgrades as a restored one; on
PostgreSQL it points to pg_dump instead."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.backup import backup_sqlite
from core.db import Database
from core.migrate import upgrade
from core.people.models import Person, Profession
from core.plugin_host import load_registry
from core.settings import Settings, SettingsError
from tests.token_support import cli_env, run_cli


@pytest.fixture
def sqlite_settings(settings: Settings, database: Database) -> Settings:
    if database.dialect != "sqlite":
        pytest.skip("an online backup through SQLite's backup API is for SQLite")
    return settings


def new_person() -> Person:
    return Person(
        given_name="Backed",
        family_name="Up",
        email=f"backup-{uuid.uuid4().hex}@example.org",
        profession=Profession.OTHER,
    )


async def add_people(database: Database, count: int) -> set[str]:
    people = [new_person() for _ in range(count)]
    async with database.write() as session:
        session.add_all(people)
    return {person.email for person in people}


def emails_in(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as copy:
        return {email for (email,) in copy.execute("SELECT email FROM core_people")}


async def test_backup_while_a_write_is_open_holds_every_committed_row_and_none_of_the_open_one(
    sqlite_settings: Settings, database: Database, tmp_path: Path
) -> None:
    committed = await add_people(database, 3)
    target = tmp_path / "backup.db"
    async with database.write() as session:
        pending = new_person()
        session.add(pending)
        await session.flush()  # the server holds the write lock with a row not yet committed

        backup_sqlite(sqlite_settings, target)

    copied = emails_in(target)
    assert committed <= copied
    assert pending.email not in copied
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_a_restored_backup_upgrades_and_reads_its_rows(
    sqlite_settings: Settings, database: Database, tmp_path: Path
) -> None:
    committed = await add_people(database, 2)
    backup_sqlite(sqlite_settings, tmp_path / "backup.db")
    restored = tmp_path / "restored.db"
    restored.write_bytes((tmp_path / "backup.db").read_bytes())  # stop, copy, upgrade
    settings = sqlite_settings.replace(database_url=f"sqlite+aiosqlite:///{restored}")
    database = Database.from_settings(settings)
    try:
        await upgrade(database, load_registry(settings))
        async with database.read() as session:
            found = await session.scalar(
                select(func.count()).select_from(Person).where(Person.email.in_(committed))
            )
    finally:
        await database.dispose()
    assert found == len(committed)


async def test_backup_refuses_to_overwrite_a_file(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "taken.db"
    target.write_bytes(b"keep me")

    with pytest.raises(SettingsError, match="exists"):
        backup_sqlite(sqlite_settings, target)

    assert target.read_bytes() == b"keep me"


async def test_cli_db_backup_writes_the_copy_and_says_where(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "cli-backup.db"
    env = cli_env(PEERLEARN_DATABASE_URL=sqlite_settings.database_url)

    code, stdout, stderr = await run_cli("db", "backup", str(target), env=env)

    assert code == 0, stderr
    assert f"to {target}" in stdout
    assert emails_in(target)


async def test_cli_db_backup_on_postgresql_points_to_pg_dump(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    if database.dialect != "postgresql":
        pytest.skip("the refusal is PostgreSQL's")
    target = tmp_path / "nothing.db"
    env = cli_env(PEERLEARN_DATABASE_URL=settings.database_url)

    code, _, stderr = await run_cli("db", "backup", str(target), env=env)

    assert code == 2
    assert "pg_dump" in stderr
    assert not target.exists()
