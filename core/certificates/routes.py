"""The certificate's PDF at ``/certificates/{number}.pdf``, for its holder and their staff."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from core.access import Viewer
from core.certificates import documents, pdf
from core.downloads import Download
from core.registry import Registry

ROUTE = "/certificates/{number}.pdf"


async def certificate_pdf(
    session: AsyncSession, registry: Registry, viewer: Viewer, params: Mapping[str, str]
) -> Download:
    """Laying out a page takes milliseconds of CPU: off the event loop."""
    number = params["number"]
    found = await documents.document(session, registry, viewer, number)
    body = await run_in_threadpool(pdf.render, found)
    return Download(body, "application/pdf", f"{number}.pdf")
