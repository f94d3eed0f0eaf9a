"""Statements of the enrolments slice: a person's open or latest enrolment, who may see one,
and the approved people a program's own statements may ask about."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, staff_scope
from core.enrolments.models import OPEN_STATES, Enrolment, EnrolmentState
from core.repository import rows_by_id


async def open_enrolment(session: AsyncSession, person_id: int, program: str) -> Enrolment | None:
    """The person's requested or approved enrolment in the program (there is at most one)."""
    return await session.scalar(
        select(Enrolment).where(
            Enrolment.person_id == person_id,
            Enrolment.program == program,
            Enrolment.state.in_(OPEN_STATES),
        )
    )


async def latest(
    session: AsyncSession, person_id: int, program: str, organization_id: int | None = None
) -> Enrolment | None:
    """The person's most recent enrolment in the program (in that organization, if given)."""
    statement = select(Enrolment).where(
        Enrolment.person_id == person_id, Enrolment.program == program
    )
    if organization_id is not None:
        statement = statement.where(Enrolment.organization_id == organization_id)
    return await session.scalar(statement.order_by(Enrolment.id.desc()).limit(1))


def approved_people(program: str, organization_id: Any = None) -> Select[Any]:
    """People approved in the program (in that organization, a value or a column, if given):
    for a program's own statements that open something to its approved members only."""
    statement = select(Enrolment.person_id).where(
        Enrolment.program == program, Enrolment.state == EnrolmentState.APPROVED
    )
    if organization_id is not None:
        statement = statement.where(Enrolment.organization_id == organization_id)
    return statement


def enrolments_visible(viewer: Viewer) -> ColumnElement[bool]:
    """A person sees their own enrolments; the program's staff of the organization see those
    made there."""
    if not viewer.is_authenticated:
        return false()
    return or_(
        Enrolment.person_id == viewer.person_id,
        staff_scope(viewer, Enrolment.organization_id, Enrolment.program),
    )


async def visible_enrolment(
    session: AsyncSession, viewer: Viewer, enrolment_id: int
) -> Enrolment | None:
    return await session.scalar(
        select(Enrolment).where(Enrolment.id == enrolment_id, enrolments_visible(viewer))
    )


def enrolments_in(
    viewer: Viewer, organization_id: int, program: str | None, state: EnrolmentState | None
) -> Select[Any]:
    """An organization's enrolments the viewer may see, for a page in the order they were made."""
    statement = select(Enrolment).where(
        Enrolment.organization_id == organization_id, enrolments_visible(viewer)
    )
    if program is not None:
        statement = statement.where(Enrolment.program == program)
    if state is not None:
        statement = statement.where(Enrolment.state == state)
    return statement


async def own_enrolments(session: AsyncSession, person_id: int, program: str | None) -> list[Any]:
    statement = select(Enrolment.__table__).where(Enrolment.person_id == person_id)
    if program is not None:
        statement = statement.where(Enrolment.program == program)
    return list((await session.execute(statement.order_by(Enrolment.id))).all())


async def visible_enrolments_by_id(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Any]:
    """Enrolments by key for ``node(id:)``; ``None`` for those the viewer may not see."""
    return await rows_by_id(session, Enrolment, ids, enrolments_visible(viewer))
