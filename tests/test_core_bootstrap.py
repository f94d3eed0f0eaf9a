"""``peerlearn bootstrap`` on an empty database of either backend: it migrates, makes the first
organization and its platform admin, and says how to get a token; ``peerlearn token`` then
finds the secret ``make run`` wrote in the working directory. Run again it succeeds for the
same admin and refuses anyone else (CORE-PERSON-BOOTSTRAPPED), exiting 2 with the reason."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import httpx
import jwt
import pytest

from core.app import create_app
from core.db import Database
from core.settings import Settings
from core.tokens import LOCAL_AUDIENCE
from tests.conftest import TOKEN_SECRET
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.people_accounts_support import DEACTIVATE_PERSON
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)
from tests.token_support import REPO_ROOT, cli_env, new_person, run_cli

FILE_SECRET = "secret-from-make-run-" + "f" * 40
ME = "{ me { email roles { role organization { name } } } }"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A working directory as ``make run`` leaves it: with its token secret file."""
    directory = tmp_path / "checkout"
    directory.mkdir()
    (directory / ".peerlearn-token-secret").write_text(FILE_SECRET + "\n")
    return directory


def core_env(url: str, **variables: str) -> dict[str, str]:
    return cli_env(
        PEERLEARN_DATABASE_URL=url, PEERLEARN_PROGRAMS="", PYTHONPATH=str(REPO_ROOT), **variables
    )


def start(email: str, organization: str = "Northern Division") -> tuple[str, ...]:
    return (
        "bootstrap",
        f"--organization={organization}",
        "--kind=division",
        f"--email={email}",
        "--given-name=Ann",
        "--family-name=Lee",
    )


async def me(url: str, token: str) -> dict[str, object]:
    settings = Settings(database_url=url, programs=(), token_secret=FILE_SECRET, environ={})
    database = Database.from_settings(settings)
    try:
        transport = httpx.ASGITransport(app=create_app(settings, database=database))
        async with httpx.AsyncClient(transport=transport, base_url="http://fresh.test") as http:
            client = GraphQLClient(http, {"Authorization": f"Bearer {token}"})
            return (await client.data(ME))["me"]
    finally:
        await database.dispose()


async def test_core_bootstrap_makes_the_first_platform_admin_on_an_empty_database(
    fresh_url: str,  # noqa: F811
    site: Path,
) -> None:
    code, stdout, stderr = await run_cli(*start("Ann@Example.org"), env=core_env(fresh_url))

    assert code == 0, stderr
    assert ".venv/bin/peerlearn token --person ann@example.org" in stdout
    code, token, stderr = await run_cli(
        "token", "--person", "ann@example.org", env=core_env(fresh_url), cwd=site
    )
    assert code == 0, stderr
    found = await me(fresh_url, token.strip())
    assert found["email"] == "ann@example.org"
    assert sorted(found["roles"], key=str) == sorted(
        [
            {"role": "ADMIN", "organization": None},
            {"role": "ADMIN", "organization": {"name": "Northern Division"}},
        ],
        key=str,
    )


async def test_core_bootstrap_again_for_the_same_admin_changes_nothing(
    fresh_url: str,  # noqa: F811
) -> None:
    await run_cli(*start("ann@example.org"), env=core_env(fresh_url))

    code, stdout, stderr = await run_cli(*start("ann@example.org"), env=core_env(fresh_url))

    assert code == 0, stderr
    assert "nothing changed" in stdout


async def test_core_person_bootstrapped_refuses_a_second_admin(
    fresh_url: str,  # noqa: F811
) -> None:
    await run_cli(*start("ann@example.org"), env=core_env(fresh_url))

    code, stdout, stderr = await run_cli(
        *start("bob@example.org", "Another"), env=core_env(fresh_url)
    )

    assert (code, stdout) == (2, "")
    assert "CORE-PERSON-BOOTSTRAPPED: A platform admin exists already" in stderr
    assert "Traceback" not in stderr


async def test_core_bootstrap_refuses_a_bad_email(
    fresh_url: str,  # noqa: F811
) -> None:
    code, stdout, stderr = await run_cli(*start("not-an-address"), env=core_env(fresh_url))

    assert (code, stdout) == (2, "")
    assert "'not-an-address' is not an email address" in stderr


# --- ``peerlearn token`` and the secret ``make run`` wrote ----------------------------------


@pytest.fixture
def shared_env(settings: Settings, example_site: Path) -> Callable[..., dict[str, str]]:
    def env(**variables: str) -> dict[str, str]:
        return cli_env(
            PEERLEARN_DATABASE_URL=settings.database_url,
            PEERLEARN_PROGRAMS="example",
            PYTHONPATH=os.pathsep.join([str(example_site), str(REPO_ROOT)]),
            **variables,
        )

    return env


async def test_cli_token_prefers_the_variable_to_the_secret_file(
    make: Factory, site: Path, shared_env: Callable[..., dict[str, str]]
) -> None:
    _, email = await new_person(make)

    code, stdout, stderr = await run_cli(
        "token", "--person", email, env=shared_env(PEERLEARN_TOKEN_SECRET=TOKEN_SECRET), cwd=site
    )

    assert code == 0, stderr
    jwt.decode(stdout.strip(), TOKEN_SECRET, algorithms=["HS256"], audience=LOCAL_AUDIENCE)


async def test_cli_token_for_a_deactivated_person_exits_2(
    make: Factory, gql: GraphQLClient, site: Path, shared_env: Callable[..., dict[str, str]]
) -> None:
    person, email = await new_person(make)
    await gql.mutate(DEACTIVATE_PERSON, personId=person)

    code, stdout, stderr = await run_cli("token", "--person", email, env=shared_env(), cwd=site)

    assert (code, stdout) == (2, "")
    assert "is deactivated and cannot sign in" in stderr
