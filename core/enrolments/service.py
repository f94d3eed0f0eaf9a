"""Enrolment with approval: a person asks to join a program, its staff approve or decline,
the person may withdraw, staff may close an approved enrolment.

The transitions, and who makes them:

    requested --approve (staff)--> approved --close (staff)--> closed
        |  \\--decline (staff)--> declined     |
        \\-----withdraw (the person, or staff for them)-----/--> withdrawn

One open (requested or approved) enrolment per person and program is the database's to keep
(``core.enrolments.models``); the service also locks the person first, so concurrent requests
take turns and the second is told why. Approval makes the person a member of the program in
the organization. Withdrawn and closed stop what falls due: the person's open due items of the
program are cancelled. The program hears of every decision and ending through
``core.events`` in the same transaction, so its own consequences (matches that end, a first
survey that falls due) land with the change or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.db import utcnow
from core.due_items import service as due_items
from core.eligibility import check
from core.enrolments import repository
from core.enrolments.models import OPEN_STATES, Enrolment, EnrolmentState
from core.errors import RuleViolation
from core.events import (
    ENROLMENT_APPROVED,
    ENROLMENT_CLOSED,
    ENROLMENT_DECLINED,
    ENROLMENT_WITHDRAWN,
    Event,
    emit,
)
from core.i18n import N_, Text, _
from core.kinds import INVALID
from core.locks import lock_row
from core.notifications import service as notifications
from core.people import roles
from core.people.models import Organization, Person, Role
from core.privacy.screen import screen
from core.registry import CORE_SLUG, Registry
from core.repository import add, find

OPEN = "CORE-ENROLMENT-OPEN"
STATE = "CORE-ENROLMENT-STATE"
REQUIRED = "CORE-ENROLMENT-REQUIRED"
REQUEST_ACTION = "core.enrolment.request"
"""The action a program's eligibility rules may govern: who may ask to join it (the check's
``subject_id`` is the organization asked)."""
REASON_LENGTH = 500
ENDED = {EnrolmentState.WITHDRAWN: ENROLMENT_WITHDRAWN, EnrolmentState.CLOSED: ENROLMENT_CLOSED}
# Core's wording of each change it tells the person of: alone, and followed by the reason given
# (one sentence each, so the recipient reads it whole in their own language).
WORDINGS = {
    "approved": (
        N_("Your enrolment in {title} was approved."),
        N_("Your enrolment in {title} was approved. {reason}"),
    ),
    "declined": (
        N_("Your enrolment in {title} was declined."),
        N_("Your enrolment in {title} was declined. {reason}"),
    ),
    "left": (
        N_("Staff recorded that you left {title}."),
        N_("Staff recorded that you left {title}. {reason}"),
    ),
    "closed": (
        N_("Your enrolment in {title} was closed."),
        N_("Your enrolment in {title} was closed. {reason}"),
    ),
}
# Why an enrolment in another state cannot change so, by what was attempted.
STATE_REFUSALS = {
    "decided": N_("Only a requested enrolment is decided; this one is {state}."),
    "withdrawn": N_("Only a requested or approved enrolment is withdrawn; this one is {state}."),
    "closed": N_("Only an approved enrolment is closed; this one is {state}."),
}


@dataclass(frozen=True)
class Notice:
    """What the person is told, in the program's own words, when its workflow makes the
    change: the notification kind after the program's prefix, and the message (``None``:
    core's own wording, with the reason given)."""

    what: str
    message: Text | None = None


CORE_WORDING: Final = Notice("enrolment")
"""Core words the notification itself (the default); ``None`` tells the person nothing
(a program that tells them itself, with what only it knows)."""


def _reason(reason: str | None) -> str | None:
    screen(reason=reason)
    text = reason.strip() if reason else ""
    if len(text) > REASON_LENGTH:
        raise RuleViolation.single(
            INVALID,
            _("Keep the reason within {max} characters.", max=REASON_LENGTH),
            "reason",
        )
    return text or None


async def _tell(
    session: AsyncSession,
    registry: Registry,
    enrolment: Enrolment,
    notice: Notice | None,
    wording: str,
) -> None:
    """Notify the person: in the program's words, core's (the ``WORDINGS`` entry named
    ``wording``, with the reason given), or not at all."""
    if notice is None:
        return
    message = notice.message
    if message is None:
        alone, with_reason = WORDINGS[wording]
        title = registry.title_of(enrolment.program)
        reason = enrolment.decision_reason or enrolment.end_reason
        message = _(with_reason, title=title, reason=reason) if reason else _(alone, title=title)
    await notifications.notify(
        session,
        person_id=enrolment.person_id,
        program=enrolment.program,
        kind=f"{enrolment.program}.{notice.what}",
        message=message,
    )


async def require_enrolment(session: AsyncSession, viewer: Viewer, enrolment_id: int) -> Enrolment:
    """An enrolment the viewer may see, locked; FORBIDDEN otherwise, whether or not it exists."""
    viewer.require_person()
    if await repository.visible_enrolment(session, viewer, enrolment_id) is None:
        raise hidden(viewer, "enrolment")
    return await lock_row(session, Enrolment, enrolment_id, missing="enrolment")


def _require_state(enrolment: Enrolment, allowed: tuple[EnrolmentState, ...], verb: str) -> None:
    """Refuse (``STATE_REFUSALS[verb]``) unless the enrolment is in one of the ``allowed``."""
    if enrolment.state not in allowed:
        raise RuleViolation.single(STATE, _(STATE_REFUSALS[verb], state=enrolment.state.value))


async def request(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    program: str,
    organization_id: int,
) -> Enrolment:
    """The signed-in person asks to join a program in an organization. The program's rules
    for ``core.enrolment.request`` are asked first; a person with an open enrolment in the
    program is told so (CORE-ENROLMENT-OPEN) rather than given a second."""
    person_id = viewer.require_person()
    if program == CORE_SLUG or program not in registry.slugs:
        raise RuleViolation.single(
            INVALID, _("No program {program!r} is enabled.", program=program), "program"
        )
    await find(session, Organization, organization_id, missing="organization")
    # Requests of one person take turns, so the second sees the first's enrolment.
    await lock_row(session, Person, person_id, missing="person")
    decision = await check(
        session, registry, REQUEST_ACTION, person_id, subject_id=organization_id, program=program
    )
    decision.raise_if_denied()
    current = await repository.open_enrolment(session, person_id, program)
    if current is not None:
        raise RuleViolation.single(
            OPEN,
            _(
                "You already have a {state} enrolment in {title}.",
                state=current.state.value,
                title=registry.title_of(program),
            ),
            "program",
        )
    enrolment = Enrolment(
        person_id=person_id,
        program=program,
        organization_id=organization_id,
        state=EnrolmentState.REQUESTED,
    )
    return await add(session, enrolment)


async def decide(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    enrolment_id: int,
    approve: bool,
    reason: str | None,
    notice: Notice | None = CORE_WORDING,
) -> Enrolment:
    """The program's staff of the organization approve or decline a request; the person is
    told either way. Approval makes them a member of the program there (a role held already
    is kept)."""
    enrolment = await require_enrolment(session, viewer, enrolment_id)
    viewer.require_staff(enrolment.organization_id, enrolment.program)
    _require_state(enrolment, (EnrolmentState.REQUESTED,), "decided")
    enrolment.state = EnrolmentState.APPROVED if approve else EnrolmentState.DECLINED
    enrolment.decided_at = utcnow()
    enrolment.decided_by_id = viewer.person_id
    enrolment.decision_reason = _reason(reason)
    if approve:
        await roles.grant_program_role(
            session,
            viewer,
            person_id=enrolment.person_id,
            organization_id=enrolment.organization_id,
            program=enrolment.program,
            role=Role.MEMBER,
        )
    await session.flush()
    await _tell(session, registry, enrolment, notice, "approved" if approve else "declined")
    await _emit(session, registry, ENROLMENT_APPROVED if approve else ENROLMENT_DECLINED, enrolment)
    return enrolment


async def withdraw(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    enrolment_id: int,
    reason: str | None,
    notice: Notice | None = CORE_WORDING,
) -> Enrolment:
    """The person leaves (a request or an approved enrolment), or the program's staff record
    that they left; the person is told only when someone else recorded it."""
    enrolment = await require_enrolment(session, viewer, enrolment_id)
    if enrolment.person_id != viewer.person_id:
        viewer.require_staff(enrolment.organization_id, enrolment.program)
    _require_state(enrolment, OPEN_STATES, "withdrawn")
    wording = None if enrolment.person_id == viewer.person_id else "left"
    return await _end(
        session, registry, viewer, enrolment, EnrolmentState.WITHDRAWN, reason, notice, wording
    )


async def close(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    enrolment_id: int,
    reason: str | None,
    notice: Notice | None = CORE_WORDING,
) -> Enrolment:
    """The program's staff close an approved enrolment (the person finished, or was removed);
    a request is declined instead. The person is told."""
    enrolment = await require_enrolment(session, viewer, enrolment_id)
    viewer.require_staff(enrolment.organization_id, enrolment.program)
    _require_state(enrolment, (EnrolmentState.APPROVED,), "closed")
    wording = "closed"
    return await _end(
        session, registry, viewer, enrolment, EnrolmentState.CLOSED, reason, notice, wording
    )


async def _end(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    enrolment: Enrolment,
    state: EnrolmentState,
    reason: str | None,
    notice: Notice | None,
    wording: str | None,
) -> Enrolment:
    """Withdrawn or closed: nothing of the program falls due for the person any longer, the
    person is told (in the ``WORDINGS`` entry named ``wording``; None: they did it
    themselves), and the program hears of it."""
    enrolment.state = state
    enrolment.ended_at = utcnow()
    enrolment.ended_by_id = viewer.person_id
    enrolment.end_reason = _reason(reason)
    await session.flush()
    await due_items.cancel_open_for(
        session,
        program=enrolment.program,
        person_id=enrolment.person_id,
        reason=f"Enrolment {state.value}.",
    )
    if wording is not None:
        await _tell(session, registry, enrolment, notice, wording)
    await _emit(session, registry, ENDED[state], enrolment)
    return enrolment


async def _emit(session: AsyncSession, registry: Registry, name: str, enrolment: Enrolment) -> None:
    await emit(session, registry, Event(name, enrolment.program, enrolment.id, enrolment.person_id))
