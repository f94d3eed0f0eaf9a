"""Events: what core tells a program happened to its own objects, so the program reacts (a
questionnaire falls due two months after attendance, credit follows an accepted plan) without
wrapping core's mutations in its own.

A program declares handlers through ``register_event_handlers``. Core raises an event inside the
transaction of the change itself, so a handler's writes land with the change or not at all, and
a handler that refuses (a ``RuleViolation``) undoes the change with its reason. An event reaches
only the handlers of the program whose object it is: one program never reacts to another's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from core.registry import Registry

ATTENDANCE_RECORDED = "attendance.recorded"
DUE_ITEM_COMPLETED = "due_item.completed"
PLAN_ACCEPTED = "plan.accepted"
ENROLMENT_APPROVED = "enrolment.approved"
ENROLMENT_DECLINED = "enrolment.declined"
ENROLMENT_WITHDRAWN = "enrolment.withdrawn"
ENROLMENT_CLOSED = "enrolment.closed"
SEAT_PROMOTED = "activity.seat_promoted"

# Every event core raises, with what its ``subject_id`` names; a handler for any other name is
# refused at startup, so a typo cannot leave a program silently deaf.
EVENTS: dict[str, str] = {
    ATTENDANCE_RECORDED: "a participation (attendance at an activity of the program's kind)",
    DUE_ITEM_COMPLETED: "a due item of the program's kind",
    PLAN_ACCEPTED: "a plan of the program",
    ENROLMENT_APPROVED: "an enrolment in the program, approved by its staff",
    ENROLMENT_DECLINED: "an enrolment in the program, declined by its staff",
    ENROLMENT_WITHDRAWN: "an enrolment in the program its person left",
    ENROLMENT_CLOSED: "an enrolment in the program its staff closed",
    SEAT_PROMOTED: "a seat at an activity of the program, given to the first on its waitlist",
}


@dataclass(frozen=True)
class Event:
    """What happened (``name``), to which row (``subject_id``), of which program, for whom."""

    name: str
    program: str
    subject_id: int
    person_id: int | None = None


EventHandle = Callable[["AsyncSession", "Registry", Event], Awaitable[None]]


@dataclass(frozen=True)
class EventHandler:
    """A program's reaction to one event; ``handle(session, registry, event)`` runs in the
    transaction of the change and may call core services like any program workflow."""

    event: str
    handle: EventHandle


async def emit(session: AsyncSession, registry: Registry, event: Event) -> None:
    """Run the handlers of the event's program, in declaration order, in this transaction."""
    for handler in registry.event_handlers(event.program, event.name):
        await handler.handle(session, registry, event)
