"""Writing CSV that is safe to open in a spreadsheet, as it is read.

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel, LibreOffice and Google Sheets (OWASP "CSV injection"): a person who names themselves
``=HYPERLINK(...)`` would run it on a coordinator's machine. Such a cell is prefixed with a
single quote, which the spreadsheet shows as text. Numbers and dates are written as they are,
so a reversed credit (-1.50) stays a number.

The document is UTF-8 with a byte order mark: without it Excel reads UTF-8 as the local code
page and accented names (Hélène, Bédard) come out garbled; every other reader skips it. Rows
are read from the database a batch at a time and sent as they are written, so a roster of
fifty thousand costs the memory of one batch.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence
from typing import Any, TypeAlias

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import ApiError
from core.i18n import N_

# A statement of any columns: what an export reads.
Statement: TypeAlias = "Select[*tuple[Any, ...]]"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched from the database, and written to the response, at a time.
BATCH = 500


class InvalidParameter(ApiError):
    """A query parameter of an export that cannot be read (a malformed date, an unknown
    program): HTTP 400."""

    code = "INVALID"
    default_message = N_("A parameter of this export is not valid.")


def cell(value: object) -> object:
    """The value as a spreadsheet will read it: text that would start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def text(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A small document as one string (a GraphQL field returning CSV), as safe as a stream:
    no byte order mark, since a string is no file a spreadsheet opens by itself."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # CRLF, as RFC 4180 and the streams: a CR in a cell is quoted
    writer.writerow([cell(name) for name in columns])
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


async def csv_chunks(
    columns: Sequence[str], rows: AsyncIterator[Sequence[object]], batch: int = BATCH
) -> AsyncIterator[bytes]:
    """The byte order mark and header first, then one chunk per ``batch`` rows: a row is
    pulled from ``rows`` only when the chunk before it has been taken."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([cell(name) for name in columns])
    yield _drain(buffer)
    count = 0
    async for row in rows:
        writer.writerow([cell(value) for value in row])
        count += 1
        if count == batch:
            yield _drain(buffer)
            count = 0
    if count:
        yield _drain(buffer)


async def stream(
    session: AsyncSession, statement: Statement, batch: int = BATCH
) -> AsyncIterator[Any]:
    """The statement's rows, fetched ``batch`` at a time (a server-side cursor on PostgreSQL),
    never all at once."""
    result = await session.stream(statement.execution_options(yield_per=batch))
    async for row in result:
        yield row
