"""Calendar feeds: a person makes a private URL for their own calendar, or for a program's
sessions, and revokes it; a calendar app fetches it with the token the URL carries."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import FORBIDDEN_MESSAGE, Viewer
from core.calendars import ical, repository
from core.calendars.models import CalendarFeed, FeedKind
from core.db import utcnow
from core.errors import Forbidden, NotFound, RuleViolation
from core.i18n import SOURCE, _, speaking
from core.people.models import Person
from core.registry import CORE_SLUG, Registry
from core.repository import add, find

INVALID = "INVALID"
# Sessions that ended this long ago still show, so last month's stay in the calendar.
PAST = timedelta(days=90)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_feed(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, program: str | None
) -> tuple[CalendarFeed, str]:
    """A new feed of the viewer's own (``program`` None) or of a program's sessions, and
    its token: shown this once, kept only as a digest."""
    person_id = viewer.require_person()
    if program is not None and (program == CORE_SLUG or program not in registry.slugs):
        raise RuleViolation.single(
            INVALID, _("No program {program!r} runs here.", program=program), "program"
        )
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        person_id=person_id,
        kind=FeedKind.PERSON if program is None else FeedKind.PROGRAM,
        program=program,
        token_sha256=token_digest(token),
    )
    return await add(session, feed), token


async def revoke_feed(session: AsyncSession, viewer: Viewer, *, feed_id: int) -> CalendarFeed:
    """The URL stops working at once; revoking twice is the same as once. Whether someone
    else's feed exists is not said, to anyone."""
    viewer.require_person()
    feed = await find(session, CalendarFeed, feed_id)
    if feed is None or feed.person_id != viewer.person_id:
        raise Forbidden(_(FORBIDDEN_MESSAGE))  # a feed is its owner's alone, an admin's too
    if feed.revoked_at is None:
        feed.revoked_at = utcnow()
        await session.flush()
    return feed


async def render_feed(
    session: AsyncSession, registry: Registry, token: str, now: datetime | None = None
) -> bytes:
    """The feed's calendar as of now; an unknown or revoked token finds nothing. A program's
    feed is worded in the request's language (whoever holds its URL); a person's own in
    theirs (English when they chose none), as the app fetching it sends no preference."""
    feed = await repository.by_token(session, token_digest(token))
    if feed is None:
        raise NotFound(_("No such calendar."))
    now = now or utcnow()
    since = now - PAST
    if feed.kind == FeedKind.PROGRAM:
        assert feed.program is not None
        program = feed.program
        sessions = await repository.open_sessions(session, program, since)
        parts = await repository.parts_of(session, [a.id for a in sessions])
        return ical.calendar(registry.title_of(program), now, sessions, parts, due_items=())
    owner = await find(session, Person, feed.person_id, missing="person")
    activities = await repository.activities_of_person(session, feed.person_id, since)
    parts = await repository.parts_of(session, [a.id for a in activities])
    due = await repository.open_due_items(session, feed.person_id)
    with speaking(owner.language or SOURCE):
        return ical.calendar("peerlearn", now, activities, parts, due_items=due)
