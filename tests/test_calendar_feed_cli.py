"""The ``peerlearn calendar-feed`` command: it makes a person's private calendar feed, as they
would themselves, and prints its path; an unknown program or person exits 2, saying why."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from core.settings import Settings
from tests.factories import Factory
from tests.token_support import REPO_ROOT, cli_env, new_person, run_cli


def _env(settings: Settings, example_site: Path) -> dict[str, str]:
    return cli_env(
        PEERLEARN_DATABASE_URL=settings.database_url,
        PEERLEARN_PROGRAMS="example",
        PYTHONPATH=os.pathsep.join([str(example_site), str(REPO_ROOT)]),
    )


async def test_cli_calendar_feed_prints_a_path_any_calendar_app_fetches(
    http: httpx.AsyncClient, make: Factory, settings: Settings, example_site: Path
) -> None:
    _, email = await new_person(make)

    code, stdout, stderr = await run_cli(
        "calendar-feed", "--person", email, env=_env(settings, example_site)
    )
    response = await http.get(stdout.strip())

    assert code == 0, stderr
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("--person", "nobody@example.org"), "no person"),
        (("--program", "no_such_program"), "No program"),
    ],
)
async def test_cli_calendar_feed_refused_exits_2_saying_why(
    make: Factory, settings: Settings, example_site: Path, arguments: tuple[str, ...], said: str
) -> None:
    _, email = await new_person(make)
    given = ("--person", email, *arguments) if arguments[0] == "--program" else arguments

    code, _, stderr = await run_cli("calendar-feed", *given, env=_env(settings, example_site))

    assert code == 2
    assert said in stderr
