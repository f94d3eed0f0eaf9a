"""The contract kit can fail: the skeleton program with an access check taken out is caught.

Each case generates the skeleton (``peerlearn new-program``) under its own slug, removes one
kind of check from it, registers it unpackaged and runs one of the kit's checks with the
generated test's own probe. The intact skeleton is the control: the same check passes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from core.db import Database
from core.graphql.schema import build_schema
from core.migrate import upgrade
from core.plugin_host import load_registry
from core.settings import Settings
from core.testing import ProgramContract, World
from core.testing.world import build_world
from tests.skeleton_support import imported, new_program

READ_CHECK = """    await require_visible(session, viewer, Person, person_id)
    return await repository.entries_of"""
WRITE_CHECK = """    await require_visible(session, viewer, Person, person_id)
    if viewer.person_id != person_id:
        await require_staff_over(session, viewer, person_id, SLUG)
"""
FIELD_CHECK = "        extensions=requires(SignedIn()),\n"
READS = ProgramContract.test_contract_strangers_read_no_personal_data
CHANGES = ProgramContract.test_contract_strangers_change_no_personal_data
SWEEP = ProgramContract.test_contract_anonymous_callers_get_nothing_from_any_field
Check = Callable[[ProgramContract, World], Awaitable[None]]


def _without(source: str, check: str, replacement: str = "") -> str:
    assert check in source, f"the skeleton no longer has {check!r}"
    return source.replace(check, replacement)


def _strip(program: Path, checks: str) -> None:
    """Take out of the generated program the reads' check in the service, the writes', or
    every check, its fields' ``requires`` included."""
    service, graphql = program / "service.py", program / "graphql.py"
    text = service.read_text()
    if checks in ("reads", "all"):
        text = _without(text, READ_CHECK, "    return await repository.entries_of")
    if checks in ("writes", "all"):
        text = _without(text, WRITE_CHECK)
    service.write_text(text)
    if checks == "all":
        graphql.write_text(_without(graphql.read_text(), FIELD_CHECK))


def _contract(source: Path) -> ProgramContract:
    """The generated test's contract class, whose probe seeds the owner's log."""
    spec = importlib.util.spec_from_file_location(f"{source.name}_contract", source)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (contract,) = [
        c for c in vars(module).values() if isinstance(c, type) and c.__name__.startswith("Test")
    ]
    return contract()


@asynccontextmanager
async def _generated(slug: str, tmp_path: Path, checks: str) -> AsyncIterator[World]:
    """The skeleton as ``slug``, without ``checks`` (``none``: intact), registered unpackaged
    on a fresh migrated database, and the kit's world on it."""
    _strip(new_program(slug, tmp_path) / slug, checks)
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'kit.db'}", programs=(slug,), environ={}
    )
    with imported(slug, tmp_path) as plugin:
        registry = load_registry(settings, extra_programs={slug: plugin})
        database = Database.from_settings(settings)
        try:
            await upgrade(database, registry)
            schema = build_schema(registry, settings)
            yield await build_world(schema, database, registry, settings, slug)
        finally:
            await database.dispose()


CASES = [
    ("reads", READS, "member read"),
    ("writes", CHANGES, "member changed the data"),
    ("all", SWEEP, "anonymous Query.kitAllEntries returned"),
]


@pytest.mark.parametrize(("checks", "check", "caught"), CASES, ids=[c[0] for c in CASES])
async def test_kit_rejects_the_skeleton_without_its_access_check(
    tmp_path: Path, checks: str, check: Check, caught: str
) -> None:
    slug = f"kit_{checks}"
    async with _generated(slug, tmp_path, checks) as world:
        contract = _contract(tmp_path / slug / "tests" / "test_contract.py")
        with pytest.raises(AssertionError, match=caught):
            await check(contract, world)


@pytest.mark.parametrize(("checks", "check", "caught"), CASES, ids=[c[0] for c in CASES])
async def test_kit_passes_the_intact_skeleton_on_the_same_check(
    tmp_path: Path, checks: str, check: Check, caught: str
) -> None:
    slug = f"kit_intact_{checks}"
    async with _generated(slug, tmp_path, "none") as world:
        await check(_contract(tmp_path / slug / "tests" / "test_contract.py"), world)
