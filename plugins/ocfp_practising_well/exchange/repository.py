"""Statements of the Information Exchange and program feedback: the only exchange module that
builds SQL, so what a request costs the database can be read in one place.

The visibility conditions live here too: they are subqueries every list and ``node(id:)``
shares, so the lists and the node resolvers can never disagree about who sees what."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.enrolments.repository import approved_people
from core.locks import lock_row
from core.repository import rows_by_id
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.exchange.models import (
    Feedback,
    FeedbackComponent,
    Question,
    Resource,
)
from plugins.ocfp_practising_well.models import Guide, Learner, Topic

# --- Who belongs to an organization's Information Exchange ----------------------------------


def _staff_organizations(viewer: Viewer, column: Any) -> ColumnElement[bool]:
    """Rows of organizations where the viewer is staff covering Practising Well: read from the
    viewer's grants, so staff cost no subquery."""
    if viewer.is_platform_admin:
        return true()
    organizations = sorted(
        {
            organization_id
            for g in viewer.staff_grants()
            if g.program in (None, SLUG)
            for organization_id in g.reached
        }
    )
    return column.in_(organizations) if organizations else false()


def _guide_organizations(viewer: Viewer) -> Select[Any]:
    return select(Guide.organization_id).where(Guide.person_id == viewer.person_id)


def _learner_organizations(viewer: Viewer) -> Select[Any]:
    """Only an approved account opens the Exchange: a pending or withdrawn learner sees none."""
    return select(Learner.organization_id).where(
        Learner.person_id == viewer.person_id,
        Learner.person_id.in_(approved_people(SLUG, Learner.organization_id)),
    )


def resources_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Resources of organizations where the viewer is an approved learner, a guide or staff."""
    if not viewer.is_authenticated:
        return false()
    return or_(
        Resource.organization_id.in_(_learner_organizations(viewer)),
        Resource.organization_id.in_(_guide_organizations(viewer)),
        _staff_organizations(viewer, Resource.organization_id),
    )


def questions_visible(viewer: Viewer) -> ColumnElement[bool]:
    """A learner's own questions; every question of their organization to guides and staff."""
    if not viewer.is_authenticated:
        return false()
    return or_(
        Question.asker_id == viewer.person_id,
        Question.organization_id.in_(_guide_organizations(viewer)),
        _staff_organizations(viewer, Question.organization_id),
    )


# --- Lists (paged by the caller) and node(id:) ------------------------------------------------


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def resources(
    viewer: Viewer, *, organization_id: int | None, words: Sequence[str], topic: Topic | None
) -> Select[Resource]:
    """The resources the viewer may see; every one of ``words`` must appear in the title or the
    summary, whatever their case, with ``%`` and ``_`` matching themselves."""
    statement = select(Resource).where(resources_visible(viewer))
    if organization_id is not None:
        statement = statement.where(Resource.organization_id == organization_id)
    if topic is not None:
        statement = statement.where(Resource.topic == Topic(topic))
    for word in words:
        pattern = f"%{_escape_like(word.lower())}%"
        statement = statement.where(
            or_(
                func.lower(Resource.title).like(pattern, escape="\\"),
                func.lower(Resource.summary).like(pattern, escape="\\"),
            )
        )
    return statement


def questions(
    viewer: Viewer,
    *,
    answered: bool | None,
    organization_id: int | None,
    topic: Topic | None,
) -> Select[Question]:
    """The questions the viewer may see; ``answered`` None lists open and answered alike."""
    statement = select(Question).where(questions_visible(viewer))
    if answered is False:
        statement = statement.where(Question.answered_at.is_(None))
    elif answered is True:
        statement = statement.where(Question.answered_at.is_not(None))
    if organization_id is not None:
        statement = statement.where(Question.organization_id == organization_id)
    if topic is not None:
        statement = statement.where(Question.topic == Topic(topic))
    return statement


async def visible_resources_by_id(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Any]:
    """Resources by key, ``None`` for those the viewer may not see: a DataLoader batch."""
    return await rows_by_id(session, Resource, ids, resources_visible(viewer))


async def visible_questions_by_id(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Any]:
    """Questions by key, ``None`` for those the viewer may not see: a DataLoader batch."""
    return await rows_by_id(session, Question, ids, questions_visible(viewer))


# --- Writes ---------------------------------------------------------------------------------


async def question_for_update(session: AsyncSession, question_id: int) -> Question | None:
    """The question, locked until the transaction ends: two answers at once cannot both see it
    open."""
    return await lock_row(session, Question, question_id)


async def record_answer(
    session: AsyncSession, question: Question, *, text: str, person_id: int, at: datetime
) -> Question:
    question.answer = text
    question.answered_by_id = person_id
    question.answered_at = at
    await session.flush()
    return question


# --- Feedback, in aggregate -----------------------------------------------------------------


async def feedback_totals(
    session: AsyncSession, organization_id: int
) -> dict[FeedbackComponent, tuple[int, int]]:
    """Per rated component: how many ratings, and their sum (the average is the service's)."""
    rows = await session.execute(
        select(Feedback.component, func.count(), func.sum(Feedback.rating))
        .where(Feedback.organization_id == organization_id)
        .group_by(Feedback.component)
    )
    return {FeedbackComponent(c): (count, total) for c, count, total in rows.all()}


async def feedback_comments(
    session: AsyncSession, organization_id: int
) -> list[tuple[FeedbackComponent, str]]:
    """Every non-empty comment with its component, oldest first, and never its author."""
    rows = await session.execute(
        select(Feedback.component, Feedback.comments)
        .where(Feedback.organization_id == organization_id, Feedback.comments != "")
        .order_by(Feedback.id)
    )
    return [(FeedbackComponent(c), text) for c, text in rows.all()]
