"""Activities and due dates as an iCalendar document (RFC 5545) through ``icalendar``.

Times are written in UTC (``...Z``), the instant they are stored as, so every calendar app
shows them in its own zone; a due date is an all-day event on its day. Each event's UID is
stable, so an app that fetches the feed again updates an event rather than adding a copy.
The words around titles (``Due: ...``) are in the current language, which the feed's
service sets to its reader's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from core.activities.models import Activity, ActivityPart
from core.due_items.models import DueItem
from core.i18n import _

DOMAIN = "peerlearn"


def calendar(
    name: str,
    now: datetime,
    activities: Sequence[Activity],
    parts: Mapping[int, Sequence[ActivityPart]],
    *,
    due_items: Sequence[DueItem],
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//peerlearn//calendar feed//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for activity in activities:
        for event in _activity_events(activity, parts.get(activity.id, ()), now):
            cal.add_component(event)
    for item in due_items:
        cal.add_component(_due_event(item, now))
    return cal.to_ical()


def _activity_events(
    activity: Activity, parts: Sequence[ActivityPart], now: datetime
) -> list[Event]:
    """One event per day or block when the activity has parts, else one for the whole."""
    if not parts:
        return [_event(f"activity-{activity.id}", activity.title, activity, now)]
    return [
        _event(
            f"activity-part-{part.id}",
            _("{activity}: {part}", activity=activity.title, part=part.title),
            activity,
            now,
            part,
        )
        for part in parts
    ]


def _event(
    uid: str, summary: str, activity: Activity, now: datetime, part: ActivityPart | None = None
) -> Event:
    timed = part or activity
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", now)
    event.add("dtstart", timed.starts_at)
    event.add("dtend", timed.ends_at)
    event.add("summary", summary)
    if activity.location:
        event.add("location", activity.location)
    return event


def _due_event(item: DueItem, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"due-item-{item.id}@{DOMAIN}")
    event.add("dtstamp", now)
    event.add("dtstart", item.due_on)
    event.add("dtend", item.due_on + timedelta(days=1))
    event.add("summary", _("Due: {title}", title=item.title))
    event.add("transp", "TRANSPARENT")
    return event
