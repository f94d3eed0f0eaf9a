"""Notifications: what a program tells a person (an approval, a match, an offer).

Programs record them through :func:`notify`, never by adding rows, so every message is one
the person can be shown: addressed to someone who exists, of a kind named after the program
that sent it, and short enough for its column on both databases.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import FORBIDDEN_MESSAGE, Viewer
from core.db import utcnow
from core.errors import Forbidden, RuleViolation
from core.i18n import SOURCE, Text, _
from core.kinds import INVALID, UNKNOWN_KIND
from core.notifications import repository
from core.notifications.models import Notification
from core.people.models import Person
from core.repository import find

MESSAGE_LENGTH = 1000
REMINDER = "due_item_reminder"


async def notify(
    session: AsyncSession,
    *,
    person_id: int,
    program: str,
    kind: str,
    message: Text,
    required: bool = False,
) -> Notification:
    """Record a message for the person; it is written with the caller's transaction, so a
    refused action tells no one, and is emailed after it commits (``delivery``). ``kind`` is
    ``<program>.<what>``: a frontend tells whose message it is and what it is about from it.
    ``required``: the program requires that the person be told, so it is emailed even to one
    who opted out of the rest. The message is written in the person's language (English
    when they chose none), whoever's request caused it."""
    if not kind.startswith(f"{program}."):
        raise RuleViolation.single(
            UNKNOWN_KIND,
            _("{kind!r} is not a notification kind of {program}.", kind=kind, program=program),
            "kind",
        )
    if not message.strip() or len(message) > MESSAGE_LENGTH:
        raise RuleViolation.single(
            INVALID,
            _(
                "A notification says something in at most {n} characters.",
                n=MESSAGE_LENGTH,
            ),
        )
    person = await find(session, Person, person_id, missing="person")
    notification = Notification(
        person_id=person_id,
        program=program,
        kind=kind,
        message=message.in_language(person.language or SOURCE),
        required=required,
    )
    repository.record(session, notification)
    return notification


async def remind(
    session: AsyncSession,
    *,
    person_id: int,
    program: str,
    due_item_id: int,
    day: int,
    message: Text,
) -> bool:
    """Remind the person of a due item: the item's reminder of ``day`` (days from its due
    date) is recorded once, ever, however many workers send it at once; its kind is
    ``<program>.due_item_reminder``. True if this call recorded it, False if it was sent
    before. Written now, in the caller's transaction: the key is checked by the database.
    ``message`` is already in the person's language: reminders are sent by a task, which
    words each for its person (``core.due_items.reminders``)."""
    values = {
        "person_id": person_id,
        "program": program,
        "kind": f"{program}.{REMINDER}",
        "message": message[:MESSAGE_LENGTH],
        "created_at": utcnow(),
        "due_item_id": due_item_id,
        "reminder_day": day,
    }
    return await repository.record_reminder(session, values)


async def mark_read(session: AsyncSession, viewer: Viewer, ids: list[int]) -> list[Notification]:
    """Mark the viewer's own messages read, now (a message read before keeps its time). One
    that is someone else's, or none at all, refuses the whole request: nothing is marked."""
    person_id = viewer.require_person()
    notifications = await repository.notifications_by_id(session, ids)
    if len(notifications) != len(set(ids)) or any(n.person_id != person_id for n in notifications):
        raise Forbidden(_(FORBIDDEN_MESSAGE))
    now = utcnow()
    for notification in notifications:
        if notification.read_at is None:
            notification.read_at = now
    await session.flush()
    return notifications
