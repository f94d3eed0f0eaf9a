"""Fixtures: one migrated database per backend (SQLite, PostgreSQL), the app on top of it with
the example program installed as a separate distribution, and a GraphQL client.

PostgreSQL: each run creates its own database on the server named by PEERLEARN_TEST_POSTGRES_URL
(default: postgres@127.0.0.1:5432/test) and drops it afterwards. Without a server these tests
skip, saying how to enable them; under CI (CI=true) they fail instead.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import uuid
import zlib
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from core.app import create_app
from core.db import Database
from core.graphql.relay import from_global_id
from core.migrate import upgrade
from core.people.models import Person, Profession, Role, RoleAssignment
from core.plugin_host import load_registry
from core.settings import Settings
from core.tokens import mint_token
from tests.authz_world import World, build_world
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.pw_exchange_support import Program, _program
from tests.pw_factories import PwFactory

EXAMPLE_PROGRAM = Path(__file__).parent / "example_program"
TOKEN_SECRET = "peerlearn-test-secret-" + "s" * 32
POSTGRES_ENV = "PEERLEARN_TEST_POSTGRES_URL"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Install the example program as its own distribution, as a user would with pip: once per
    run, into a directory the run's test processes share (pytest-xdist's workers each have a
    temporary directory inside the run's, ``getbasetemp().parent``). The first worker to need
    it builds it under a lock, from a copy of the sources (setuptools writes ``build/`` beside
    them), and marks it complete; the others wait for the lock and import from it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    target = root / "example-site"
    with open(root / "example-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / ".complete").is_file():
            _install_example_program(target, root / "example-build")
            (target / ".complete").touch()
    sys.path.insert(0, str(target))
    return target


def _install_example_program(target: Path, build: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(build, ignore_errors=True)
    source = shutil.copytree(
        EXAMPLE_PROGRAM,
        build / "source",
        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        cwd=build,
        env={**os.environ, "PIP_NO_INPUT": "1"},
    )


async def _postgres_database() -> AsyncIterator[str]:
    url = make_url(os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES))
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        admin = await asyncpg.connect(dsn, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        message = (
            f"PostgreSQL is not reachable at {url.render_as_string()} ({error!r}). "
            f"Start a server or point {POSTGRES_ENV} at one to run the PostgreSQL tests."
        )
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    name = f"peerlearn_test_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    # A test database need not survive a crash of the server: commits return without waiting for
    # the WAL to reach the disk (visibility, locks and isolation are unchanged).
    await admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def fresh_database(backend: str, directory: Path) -> AsyncIterator[str]:
    """The URL of a new, empty database on ``backend``: a SQLite file in ``directory``, or a
    PostgreSQL database of its own, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{directory / 'peerlearn.db'}"
        return
    async for url in _postgres_database():
        yield url


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Groups each backend's tests into a few shares of files for ``--dist loadgroup``.

    The suite's database (and the app on it) is a session fixture parametrized by backend, and
    pytest keeps one parameter's instance alive at a time. Handed out file by file, a worker
    ran a file's SQLite tests, then its PostgreSQL ones, then the next file's SQLite ones,
    building a migrated database and an app at each switch: most of the suite's time. In
    shares of one backend, a worker switches once per share. Two shares a worker keep the
    workers evenly loaded to the end. Runs before xdist's own hook, which reads the marks."""
    shares = 2 * int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("database_url") if callspec is not None else None
        if backend is not None:
            share = zlib.crc32(item.path.name.encode()) % shares
            item.add_marker(pytest.mark.xdist_group(f"{backend}-{share}"))


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    async for url in fresh_database(request.param, tmp_path_factory.mktemp("sqlite")):
        yield url


@pytest.fixture(scope="session")
def settings(database_url: str, example_site: Path) -> Settings:
    return Settings(
        database_url=database_url,
        programs=(
            "example",
            "ocfp_practising_well",
            "psp_sgls",
            "cpso_qi_groups",
            "learning_collaborative",
        ),
        token_secret=TOKEN_SECRET,
        environ={},
    )


@pytest.fixture(scope="session")
async def database(settings: Settings) -> AsyncIterator[Database]:
    registry = load_registry(settings)
    database = Database.from_settings(settings)
    await upgrade(database, registry)
    yield database
    await database.dispose()


@pytest.fixture(scope="session")
def app(settings: Settings, database: Database):  # type: ignore[no-untyped-def]
    return create_app(settings, database=database)


async def add_platform_admin(database: Database) -> int:
    """The first person of a fresh installation: an admin of the whole platform."""
    async with database.write() as session:
        person = Person(
            given_name="Platform",
            family_name="Admin",
            email=f"platform-admin-{uuid.uuid4().hex}@example.org",
            profession=Profession.OTHER,
        )
        session.add(person)
        await session.flush()
        session.add(RoleAssignment(person_id=person.id, organization_id=None, role=Role.ADMIN))
    return person.id


@pytest.fixture(scope="session")
async def platform_admin(database: Database) -> int:
    return await add_platform_admin(database)


@pytest.fixture(scope="session")
async def http(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://peerlearn.test") as client:
        yield client


@pytest.fixture(scope="session")
def client_for(http: httpx.AsyncClient) -> Callable[[int | str | None], GraphQLClient]:
    """A GraphQL client signed in as a person (by ID or global ID), or anonymous for None."""

    def make_client(person: int | str | None) -> GraphQLClient:
        if person is None:
            return GraphQLClient(http)
        pk = person if isinstance(person, int) else from_global_id(person)[1]
        token = mint_token(TOKEN_SECRET, pk, timedelta(hours=1))
        return GraphQLClient(http, {"Authorization": f"Bearer {token}"})

    return make_client


@pytest.fixture(scope="session")
def gql(
    client_for: Callable[[int | str | None], GraphQLClient], platform_admin: int
) -> GraphQLClient:
    """The platform admin's client: sets up what each test needs through the public API."""
    return client_for(platform_admin)


@pytest.fixture(scope="session")
def make(gql: GraphQLClient) -> Factory:
    return Factory(gql)


@pytest.fixture
def backend(database: Database) -> str:
    return database.dialect


@pytest.fixture(scope="session")
def pw(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> PwFactory:
    return PwFactory(gql, make, client_for)


@pytest.fixture(scope="module")
async def world(
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[int | str | None], GraphQLClient],
    platform_admin: int,
    pw: PwFactory,
    database: Database,
) -> World:
    """The authorization tests' world (tests/authz_world.py), built once per module and
    database: a module's cases may change it (a mutation allowed does what it does), and the
    next module's expect it as built."""
    return await build_world(gql, make, client_for, platform_admin, pw, database)


@pytest.fixture
async def program(
    gql: GraphQLClient,
    client_for: Callable[[int | str | None], GraphQLClient],
    make: Factory,
) -> Program:
    """A fresh organization running Practising Well for one Information Exchange test (see
    tests/pw_exchange_support.py): here, not there, so that its test modules share it."""
    return await _program(gql, client_for, make)
