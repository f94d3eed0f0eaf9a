"""The program host: discovery, enabling a subset, and startup errors that name the culprit."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import strawberry
from sqlalchemy import inspect

from core import hookimpl
from core.db import Database
from core.graphql.schema import build_schema
from core.migrate import upgrade
from core.plugin_host import installed_programs, load_registry
from core.programs import ProgramInfo, SchemaPart
from core.registry import ProgramError
from core.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parent.parent


def _settings(programs: tuple[str, ...] | None, **environ: str) -> Settings:
    return Settings(programs=programs, environ=environ)


def _info(slug: str) -> ProgramInfo:
    return ProgramInfo(slug, slug.title(), "association", "1.0", graphql_prefix=slug)


@strawberry.type
class AlphaQuery:
    @strawberry.field
    def shared_field(self) -> str:
        return "alpha"


@strawberry.type
class BetaQuery:
    @strawberry.field
    def shared_field(self) -> str:
        return "beta"


@strawberry.type(name="Clash")
class AlphaClash:
    value: str


@strawberry.type(name="Clash")
class BetaClash:
    value: int


@strawberry.type
class AlphaTypeQuery:
    @strawberry.field
    def alpha_clash(self) -> AlphaClash:
        return AlphaClash(value="a")


@strawberry.type
class BetaTypeQuery:
    @strawberry.field
    def beta_clash(self) -> BetaClash:
        return BetaClash(value=1)


class Program:
    """A program made in a test, registered directly instead of through an entry point."""

    def __init__(self, slug: str, query: type | None = None) -> None:
        self.slug = slug
        self.query = query

    @hookimpl
    def program_info(self) -> ProgramInfo:
        return _info(self.slug)

    @hookimpl
    def register_schema(self) -> SchemaPart:
        return SchemaPart(query=self.query)


class Misspelled:
    @hookimpl
    def program_info(self) -> ProgramInfo:
        return _info("misspelled")

    @hookimpl
    def register_shcema(self) -> SchemaPart:
        return SchemaPart()


def test_unknown_program_stops_startup_naming_it(example_site: Path) -> None:
    with pytest.raises(ProgramError, match=r"'nope', which is not installed.*example"):
        load_registry(_settings(("nope",)))


def test_misspelled_hook_stops_startup() -> None:
    settings = _settings(("misspelled",))
    with pytest.raises(ProgramError, match="register_shcema"):
        load_registry(settings, extra_programs={"misspelled": Misspelled()})


def test_slug_must_equal_the_entry_point_name() -> None:
    with pytest.raises(ProgramError, match="slug must equal its entry-point name"):
        load_registry(_settings(("gamma",)), extra_programs={"gamma": Program("delta")})


def test_duplicate_root_field_names_both_programs() -> None:
    settings = _settings(("alpha", "beta"))
    registry = load_registry(
        settings,
        extra_programs={"alpha": Program("alpha", AlphaQuery), "beta": Program("beta", BetaQuery)},
    )
    with pytest.raises(ProgramError, match="'sharedField' is declared by both 'alpha' and 'beta'"):
        build_schema(registry, settings)


def test_duplicate_type_name_names_both_programs() -> None:
    settings = _settings(("alpha", "beta"))
    registry = load_registry(
        settings,
        extra_programs={
            "alpha": Program("alpha", AlphaTypeQuery),
            "beta": Program("beta", BetaTypeQuery),
        },
    )
    with pytest.raises(ProgramError, match="'Clash' is declared by both 'alpha' and 'beta'"):
        build_schema(registry, settings)


def test_program_settings_come_from_the_environment(example_site: Path) -> None:
    registry = load_registry(_settings(("example",), PEERLEARN_EXAMPLE__WORKSHOP_CAP="20"))

    (cap,) = registry.formulas["example.workshop"].caps
    assert cap.limit == Decimal(20)


def test_program_setting_outside_its_bounds_is_refused(example_site: Path) -> None:
    with pytest.raises(SettingsError, match="PEERLEARN_EXAMPLE__CIRCLE_SIZE must be at most 12"):
        load_registry(_settings(("example",), PEERLEARN_EXAMPLE__CIRCLE_SIZE="13"))


def test_settings_read_the_documented_variables() -> None:
    settings = Settings.from_env(
        {
            "PEERLEARN_DATABASE_URL": "postgresql+asyncpg://db/peerlearn",
            "PEERLEARN_PROGRAMS": " example , other ",
            "PEERLEARN_GRAPHIQL": "off",
            "PEERLEARN_MAX_PAGE_SIZE": "50",
        }
    )
    assert settings.database_url == "postgresql+asyncpg://db/peerlearn"
    assert settings.programs == ("example", "other")
    assert settings.graphiql is False
    assert settings.max_page_size == 50
    assert Settings.from_env({}).programs is None
    assert Settings.from_env({"PEERLEARN_PROGRAMS": ""}).programs == ()


def test_settings_refuse_a_malformed_value() -> None:
    with pytest.raises(SettingsError, match="PEERLEARN_MAX_PAGE_SIZE must be a whole number"):
        Settings.from_env({"PEERLEARN_MAX_PAGE_SIZE": "many"})


def _export_schema(site: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERLEARN_")}
    env.update(PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]), **environ)
    return subprocess.run(
        [sys.executable, "-m", "core.cli", "export-schema"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_installed_program_appears_in_the_schema_when_enabled(example_site: Path) -> None:
    everything = _export_schema(example_site)
    chosen = _export_schema(example_site, PEERLEARN_PROGRAMS="example")

    assert everything.returncode == 0, everything.stderr
    assert "exNotes(personId: ID!): [ExNote!]!" in everything.stdout
    assert "exAddNote(input: ExAddNoteInput!)" in chosen.stdout


def test_disabled_program_contributes_no_types_or_fields(example_site: Path) -> None:
    result = _export_schema(example_site, PEERLEARN_PROGRAMS="")

    assert result.returncode == 0, result.stderr
    assert "exNotes" not in result.stdout
    assert "ExNote" not in result.stdout
    assert "type Query" in result.stdout


def test_unknown_program_is_a_clear_command_line_error(example_site: Path) -> None:
    result = _export_schema(example_site, PEERLEARN_PROGRAMS="example,nope")

    assert result.returncode == 2
    assert "PEERLEARN_PROGRAMS names 'nope', which is not installed" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("programs", "expected"), [((), False), (("example",), True)])
async def test_disabled_program_creates_no_tables(
    example_site: Path, tmp_path: Path, programs: tuple[str, ...], expected: bool
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", programs=programs, environ={}
    )
    database = Database.from_settings(settings)
    try:
        await upgrade(database, load_registry(settings))
        async with database.engine.connect() as connection:
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
    finally:
        await database.dispose()

    assert "core_people" in tables
    assert ("example_notes" in tables) is expected


def test_schema_graphql_is_current(example_site: Path) -> None:
    """schema.graphql is the SDL with every in-repo program enabled; regenerate it with
    `make schema` when this fails."""
    in_repo = tuple(
        name for name, ep in installed_programs().items() if ep.value.startswith("plugins.")
    )
    settings = _settings(in_repo)
    expected = build_schema(load_registry(settings), settings).sdl()

    assert (ROOT / "schema.graphql").read_text() == expected


async def test_program_disabled_after_migration_keeps_upgrading(
    example_site: Path, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    for programs in (("example",), ()):
        settings = Settings(database_url=url, programs=programs, environ={})
        database = Database.from_settings(settings)
        try:
            await upgrade(database, load_registry(settings))
        finally:
            await database.dispose()


def test_practising_well_alone_serves_only_its_own_fields(example_site: Path) -> None:
    result = _export_schema(example_site, PEERLEARN_PROGRAMS="ocfp_practising_well")

    assert result.returncode == 0, result.stderr
    assert "pwRequestGuide(input: PwRequestGuideInput!)" in result.stdout
    assert "exNotes" not in result.stdout
