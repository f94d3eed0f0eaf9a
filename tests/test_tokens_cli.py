"""The ``peerlearn token`` command: it mints a local token that signs in as the named person,
and exits 2, saying why, for an unknown person, a missing secret or a bad duration."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import jwt

from core.db import Database
from core.settings import Settings
from core.tokens import LOCAL_AUDIENCE
from tests.conftest import TOKEN_SECRET
from tests.factories import Factory
from tests.token_support import (
    REPO_ROOT,
    cli_env,
    me_with,
    new_person,
    run_cli,
)

# --- the ``peerlearn token`` command ---------------------------------------------------------


async def test_cli_token_signs_in_as_the_named_person(
    http: httpx.AsyncClient, make: Factory, settings: Settings, example_site: Path
) -> None:
    global_id, email = await new_person(make)
    env = cli_env(
        PEERLEARN_DATABASE_URL=settings.database_url,
        PEERLEARN_TOKEN_SECRET=TOKEN_SECRET,
        PEERLEARN_PROGRAMS="example",
        PYTHONPATH=os.pathsep.join([str(example_site), str(REPO_ROOT)]),
    )

    code, stdout, stderr = await run_cli("token", "--person", email, "--expires", "2h", env=env)

    assert code == 0, stderr
    token = stdout.strip()
    assert await me_with(http, token) == {"id": global_id, "email": email}
    claims = jwt.decode(token, TOKEN_SECRET, algorithms=["HS256"], audience=LOCAL_AUDIENCE)
    assert (
        timedelta(hours=2) - timedelta(minutes=1)
        < timedelta(seconds=claims["exp"] - claims["iat"])
        <= timedelta(hours=2)
    )


async def test_cli_token_for_an_unknown_person_exits_2(
    settings: Settings, database: Database, example_site: Path
) -> None:
    env = cli_env(
        PEERLEARN_DATABASE_URL=settings.database_url,
        PEERLEARN_TOKEN_SECRET=TOKEN_SECRET,
        PEERLEARN_PROGRAMS="example",
        PYTHONPATH=os.pathsep.join([str(example_site), str(REPO_ROOT)]),
    )
    email = f"nobody-{uuid.uuid4().hex}@example.org"

    code, stdout, stderr = await run_cli("token", "--person", email, env=env)

    assert code == 2
    assert stdout == ""
    assert f"no person {email!r}" in stderr


async def test_cli_token_without_a_secret_exits_2(example_site: Path, tmp_path: Path) -> None:
    """Run where no ``.peerlearn-token-secret`` is (a checkout after ``make run`` has one)."""
    env = cli_env(
        PEERLEARN_PROGRAMS="example",
        PYTHONPATH=os.pathsep.join([str(example_site), str(REPO_ROOT)]),
    )

    code, stdout, stderr = await run_cli(
        "token", "--person", "someone@example.org", env=env, cwd=tmp_path
    )

    assert code == 2
    assert stdout == ""
    assert "PEERLEARN_TOKEN_SECRET" in stderr
    assert "Traceback" not in stderr


async def test_cli_token_with_a_bad_duration_exits_2() -> None:
    env = cli_env(PEERLEARN_TOKEN_SECRET=TOKEN_SECRET, PYTHONPATH=str(REPO_ROOT))

    code, stdout, stderr = await run_cli(
        "token", "--person", "someone@example.org", "--expires", "5x", env=env
    )

    assert code == 2
    assert stdout == ""
    assert "'5x' is not a duration" in stderr
