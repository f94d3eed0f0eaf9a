"""A person's data as a download: ``/people/{person_id}/data.json`` (the global Person ID),
signed in with the same bearer token as the API."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.downloads import Download
from core.graphql.relay import decode_id
from core.privacy.export import PERSONAL_DATA_READ, document, encode
from core.registry import Registry

PERSONAL_DATA_ROUTE = "/people/{person_id}/data.json"


async def personal_data_json(
    session: AsyncSession, registry: Registry, viewer: Viewer, params: Mapping[str, str]
) -> Download:
    """Signed in first (an anonymous caller learns nothing of an ID), then the ID, then who
    may read it; someone else's read is audited before it is sent."""
    viewer.require_person()
    person_id = decode_id(params["person_id"], "Person")
    found = await document(session, registry, viewer, person_id)
    filename = f"peerlearn-personal-data-{found['person']}.json"
    return Download(encode(found), "application/json", filename, ((PERSONAL_DATA_READ, person_id),))
