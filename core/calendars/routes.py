"""The feed a calendar app fetches at ``/calendars/{token}.ics``: the token is the key."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.calendars import service
from core.calendars.types import ROUTE
from core.downloads import Download
from core.registry import Registry

__all__ = ["ROUTE", "calendar_feed"]


async def calendar_feed(
    session: AsyncSession, registry: Registry, _: Viewer, params: Mapping[str, str]
) -> Download:
    body = await service.render_feed(session, registry, params["token"])
    return Download(body, "text/calendar; charset=utf-8", "peerlearn.ics")
