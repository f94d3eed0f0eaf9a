"""``/exports/{name}.csv``: access is decided in the endpoint's read session, as for every
download; the rows are then read in a session of their own that stays open while the
response is sent, and closes with it (or when the client goes away)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.db import Database
from core.downloads import Download, Produce
from core.errors import NotFound
from core.exports import parameters
from core.exports.csv import csv_chunks
from core.exports.documents import core_exports
from core.i18n import _
from core.programs import ExportSpec
from core.registry import CORE_SLUG, ProgramError, Registry

ROUTE = "/exports/{name}.csv"
MEDIA_TYPE = "text/csv; charset=utf-8"


def exports(registry: Registry) -> dict[str, ExportSpec]:
    """Core's exports and the programs', by name; a program's are named after its slug, so
    they never take another's name or core's, and word each of its columns once, so its
    header row never shifts against its cells."""
    found = {spec.name: spec for spec in core_exports(registry)}
    for program in registry.programs:
        for spec in program.exports:
            if program.slug != CORE_SLUG and not spec.name.startswith(f"{program.slug}."):
                raise ProgramError(
                    f"program {program.slug!r} declares export {spec.name!r}; "
                    f"its exports are named {program.slug}.<name>"
                )
            if len(spec.headers()) != len(spec.columns):
                raise ProgramError(
                    f"program {program.slug!r} declares export {spec.name!r} with "
                    f"{len(spec.headers())} headers for {len(spec.columns)} columns"
                )
            found[spec.name] = spec
    return found


HEADER = "header"  # ``?header=keys``: the stable column keys, for scripts


async def _rows(
    database: Database, spec: ExportSpec, header: Sequence[str], arguments: Any
) -> AsyncIterator[bytes]:
    async with database.read() as session:
        rows: AsyncIterator[Sequence[object]] = spec.rows(session, arguments)
        async for chunk in csv_chunks(header, rows):
            yield chunk


def header_row(spec: ExportSpec, params: Mapping[str, str]) -> Sequence[str]:
    """The first row: the columns worded in the reader's language, or their keys."""
    if parameters.choice(params, HEADER, ("keys", "words")) == "keys":
        return spec.columns
    return spec.headers()


def export_csv(database: Database, registry: Registry) -> Produce:
    """The download producer of every export: signed in, a known name, the export's check."""
    known = exports(registry)

    async def produce(
        session: AsyncSession, __: Registry, viewer: Viewer, params: Mapping[str, str]
    ) -> Download:
        viewer.require_person()
        spec = known.get(params["name"])
        if spec is None:
            raise NotFound(_("No export {name!r}.", name=params["name"]))
        header = header_row(spec, params)
        arguments = await spec.check(session, viewer, params)
        return Download(_rows(database, spec, header, arguments), MEDIA_TYPE, f"{spec.name}.csv")

    return produce
