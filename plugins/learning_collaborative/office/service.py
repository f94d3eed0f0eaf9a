"""Monthly calls (LC-CALLS) and the virtual office (LC-OFFICE).

A monthly call is a core activity of this program's kind (attendance is core's, and earns
credit only under a certification, as any activity); this program keeps which month it is,
one call a month, and its notes. The virtual office links the collaborative's teams, coaches
and faculty: resources shared and messages posted, seen by them alone."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.activities import service as activities
from core.activities.models import Activity
from core.errors import Forbidden, NotFound, RuleViolation
from core.kinds import INVALID
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import add, find
from core.versions import expect_version
from plugins.learning_collaborative import MONTHLY_CALL, SLUG
from plugins.learning_collaborative.charter import service as charters
from plugins.learning_collaborative.i18n import _, month_text
from plugins.learning_collaborative.models import (
    Collaborative,
    MonthlyCall,
    OfficeItem,
    OfficeItemKind,
)
from plugins.learning_collaborative.office import repository
from plugins.learning_collaborative.sessions import repository as places
from plugins.learning_collaborative.sessions.service import Attended

CALLS = "LC-CALLS"
OFFICE = "LC-OFFICE"


async def schedule_call(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    collaborative_id: int,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
) -> tuple[MonthlyCall, Activity]:
    """Faculty schedule the month's call, one a month (LC-CALLS)."""
    row = await charters.collaborative(session, collaborative_id)
    charters.require_faculty(viewer, row)
    month = starts_at.date().replace(day=1)
    if await repository.call_of_month(session, row.group_id, month) is not None:
        raise RuleViolation.single(
            CALLS,
            _("The call of {month} is scheduled already.", month=month_text(month)),
            "startsAt",
        )
    activity = await activities.add_activity(
        session,
        registry,
        viewer,
        activities.ActivityInput(
            organization_id=row.organization_id,
            kind=MONTHLY_CALL,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
        ),
    )
    call = MonthlyCall(activity_id=activity.id, collaborative_id=row.group_id, month=month)
    return await add(session, call), activity


async def _call(session: AsyncSession, viewer: Viewer, call_id: int) -> tuple[Any, Any, Any]:
    call = await find(session, MonthlyCall, call_id)
    if call is None:
        raise NotFound(_("No such monthly call."))
    row = await charters.collaborative(session, call.collaborative_id)
    charters.require_faculty(viewer, row)
    return call, row, await find(session, Activity, call.activity_id, missing="activity")


async def record_call_attendance(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    call_id: int,
    person_id: int,
    hours: Decimal,
) -> Attended:
    """Faculty record who of the teams and coaches was on the call (LC-CALLS)."""
    _monthly_call, row, activity = await _call(session, viewer, call_id)
    if await places.team_of(session, row.group_id, person_id) is None:
        raise RuleViolation.single(
            CALLS,
            _("Monthly calls are for the collaborative's teams and coaches."),
            "personId",
        )
    participation, award = await activities.add_participation(
        session, registry, viewer, activity, person_id, hours
    )
    return Attended(participation, award)


async def keep_notes(
    session: AsyncSession,
    viewer: Viewer,
    *,
    call_id: int,
    notes: str,
    version: int | None = None,
) -> tuple[MonthlyCall, Activity]:
    """Faculty keep the call's notes: what the teams reported and discussed."""
    screen(notes=notes)
    call, _row, activity = await _call(session, viewer, call_id)
    expect_version(call, version)
    if len(notes) > 20000:
        raise RuleViolation.single(
            INVALID, _("Notes have at most {most} characters.", most=20000), "notes"
        )
    call.notes = notes.strip() or None
    await session.flush()
    return call, activity


async def require_in_office(session: AsyncSession, viewer: Viewer, row: Collaborative) -> None:
    """LC-OFFICE links teams, coaches and faculty: the collaborative's people only."""
    viewer.require_person()
    if viewer.is_staff(row.organization_id, SLUG):
        return
    if await places.team_of(session, row.group_id, viewer.require_person()) is None:
        raise Forbidden()


async def calls(session: AsyncSession, viewer: Viewer, collaborative_id: int) -> list[Any]:
    row = await charters.collaborative(session, collaborative_id)
    await require_in_office(session, viewer, row)
    return list(await repository.calls(session, row.group_id))


async def post(
    session: AsyncSession,
    viewer: Viewer,
    *,
    collaborative_id: int,
    kind: OfficeItemKind,
    body: str,
    title: str | None = None,
    url: str | None = None,
) -> OfficeItem:
    """Share a resource (a title, and a link or text) or post a message (LC-OFFICE)."""
    screen(body=body)
    row = await charters.collaborative(session, collaborative_id)
    await require_in_office(session, viewer, row)
    body, title = body.strip(), (title or "").strip() or None
    if not body or len(body) > 4000:
        raise RuleViolation.single(INVALID, _("Give 1 to {most} characters.", most=4000), "body")
    if kind == OfficeItemKind.RESOURCE and title is None:
        raise RuleViolation.single(OFFICE, _("A shared resource has a title."), "title")
    if url is not None and not url.startswith(("https://", "http://")):
        raise RuleViolation.single(INVALID, _("A link starts with https:// or http://."), "url")
    item = OfficeItem(
        collaborative_id=row.group_id,
        kind=kind,
        title=title,
        url=url,
        body=body,
        author_id=viewer.require_person(),
    )
    return await add(session, item)


async def office(
    session: AsyncSession, viewer: Viewer, collaborative_id: int, kind: OfficeItemKind | None
) -> list[OfficeItem]:
    row = await charters.collaborative(session, collaborative_id)
    await require_in_office(session, viewer, row)
    return list(await repository.office_items(session, row.group_id, kind))
