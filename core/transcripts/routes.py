"""A person's credit transcript as documents, beside the certificate's PDF:
``/transcripts/{person_id}.pdf`` and ``/transcripts/{person_id}.csv`` (the global Person ID;
``?cycleStart=YYYY-MM-DD`` for another cycle, as the ``transcript`` query takes it;
``?header=keys`` for the CSV's stable column keys). Whoever may read the person's transcript
in the API may download it: the same service decides, so a refusal reads the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from core.access import Viewer
from core.audit.service import TRANSCRIPT_READ
from core.db import utcnow
from core.downloads import Download
from core.exports import parameters
from core.exports.routes import HEADER, MEDIA_TYPE
from core.graphql.relay import decode_id
from core.registry import Registry
from core.transcripts import csv, documents, pdf

PDF_ROUTE = "/transcripts/{person_id}.pdf"
CSV_ROUTE = "/transcripts/{person_id}.csv"
CYCLE_START = "cycleStart"


async def _document(
    session: AsyncSession, registry: Registry, viewer: Viewer, params: Mapping[str, str]
) -> tuple[documents.TranscriptDocument, tuple[tuple[str, int], ...]]:
    """Signed in first (an anonymous caller learns nothing of an ID), then the parameters,
    then who may see the person."""
    viewer.require_person()
    person_id = decode_id(params["person_id"], "Person")
    asked = parameters.day(params, CYCLE_START)
    found = await documents.document(session, registry, viewer, person_id, asked, utcnow().date())
    return found, ((TRANSCRIPT_READ, person_id),)


async def transcript_pdf(
    session: AsyncSession, registry: Registry, viewer: Viewer, params: Mapping[str, str]
) -> Download:
    """Laying out pages takes milliseconds of CPU: off the event loop."""
    found, read = await _document(session, registry, viewer, params)
    body = await run_in_threadpool(pdf.render, found)
    return Download(body, "application/pdf", f"{found.filename}.pdf", read)


async def transcript_csv(
    session: AsyncSession, registry: Registry, viewer: Viewer, params: Mapping[str, str]
) -> Download:
    found, read = await _document(session, registry, viewer, params)
    keys = parameters.choice(params, HEADER, ("keys", "words")) == "keys"
    return Download(csv.render(found, keys), MEDIA_TYPE, f"{found.filename}.csv", read)
