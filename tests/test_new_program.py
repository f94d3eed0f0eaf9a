"""``peerlearn new-program``: a separate, installable program that passes as generated."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli import main
from core.skeleton import SkeletonError
from tests.skeleton_support import new_program, statements

SLUG = "reading_club"


def test_new_program_writes_a_package_named_after_its_slug(tmp_path: Path) -> None:
    assert main(["new-program", SLUG, "--directory", str(tmp_path)]) == 0
    package = tmp_path / SLUG / SLUG
    assert (package / "migrations" / f"{SLUG}_0001_entries.py").is_file()
    pyproject = (tmp_path / SLUG / "pyproject.toml").read_text()
    assert f'{SLUG} = "{SLUG}.plugin"' in pyproject
    assert "readingClubAddEntry" in (tmp_path / SLUG / "tests" / "test_contract.py").read_text()
    assert not list(tmp_path.rglob("*my_program*")), "a spelling of the template's slug is left"


@pytest.mark.parametrize("name", ["Reading", "reading-club", "class", "1club", "reading__club"])
def test_new_program_refuses_a_name_that_is_no_slug(tmp_path: Path, name: str) -> None:
    with pytest.raises(SkeletonError, match="no program slug"):
        new_program(name, tmp_path)


def test_new_program_never_writes_over_a_directory(tmp_path: Path) -> None:
    (tmp_path / SLUG).mkdir()
    with pytest.raises(SystemExit, match="already exists"):
        main(["new-program", SLUG, "--directory", str(tmp_path)])


def test_a_new_program_is_under_120_lines_of_code(tmp_path: Path) -> None:
    """Everything the developer owns, models, migration, hooks, services and fields: under
    120 statements (a call wrapped over lines is one; docstrings are not counted)."""
    assert statements(new_program(SLUG, tmp_path) / SLUG) < 120


def test_generated_program_installs_and_passes_its_own_tests(tmp_path: Path) -> None:
    """The slow one (pip builds the package, then its contract runs in a fresh interpreter,
    about 30-60 s): installed with pip, as a developer would, into a directory of its own,
    its generated tests pass unchanged."""
    source = new_program(SLUG, tmp_path)
    site = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    install += ["--no-build-isolation", "--target", str(site), str(source)]
    subprocess.run(install, check=True, cwd=tmp_path, env={**os.environ, "PIP_NO_INPUT": "1"})
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"],
        cwd=source,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert " passed" in run.stdout, run.stdout
