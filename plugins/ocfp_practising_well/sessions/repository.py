"""Statements of Peer Connect sessions and the core rows behind them: the only sessions
module that builds SQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.activities.models import Activity, Participation
from core.locks import lock_row
from core.people.models import Person
from plugins.ocfp_practising_well.models import PeerSession


def _live() -> ColumnElement[bool]:
    """Sessions not withdrawn: a withdrawn session's attendance is marked so in core."""
    return PeerSession.activity_id.not_in(
        select(Participation.activity_id).where(Participation.withdrawn_at.is_not(None))
    )


async def lock_person(session: AsyncSession, person_id: int) -> None:
    """One log at a time per learner: no session logged twice, no cap passed."""
    await lock_row(session, Person, person_id, missing="person")


async def logged_on(
    session: AsyncSession, learner_id: int, guide_id: int, held_on: date
) -> PeerSession | None:
    """The pair's live session of that day, if one is logged."""
    return await session.scalar(
        select(PeerSession).where(
            PeerSession.learner_id == learner_id,
            PeerSession.guide_id == guide_id,
            PeerSession.held_on == held_on,
            _live(),
        )
    )


async def sessions_of(session: AsyncSession, learner_id: int) -> list[Any]:
    """A learner's live sessions, newest first."""
    statement = (
        select(PeerSession.__table__)
        .where(PeerSession.learner_id == learner_id, _live())
        .order_by(PeerSession.held_on.desc(), PeerSession.id.desc())
    )
    return list((await session.execute(statement)).all())


async def peer_session(session: AsyncSession, session_id: int) -> PeerSession | None:
    return await session.get(PeerSession, session_id)


async def activity(session: AsyncSession, activity_id: int) -> Activity | None:
    return await session.get(Activity, activity_id)


async def participation(session: AsyncSession, participation_id: int) -> Participation | None:
    return await session.get(Participation, participation_id)


async def attendance(
    session: AsyncSession, activity_id: int, person_id: int
) -> Participation | None:
    """The person's attendance at the activity."""
    return await session.scalar(
        select(Participation).where(
            Participation.activity_id == activity_id, Participation.person_id == person_id
        )
    )
