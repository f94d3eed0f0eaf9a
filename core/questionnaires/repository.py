"""Statements of the questionnaires slice: stored versions, submissions and who sees them.

Answers are their person's and the staff's of the questionnaire's program over that person
(``core.access.own_or_staff_over``), nobody else's: a list filtered by that rule can never show
someone else's answers, and ``node(id:)`` asks the same rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, own_or_staff_over
from core.due_items.models import DueItem
from core.due_items.repository import is_open
from core.questionnaires.models import QuestionnaireVersion, Submission
from core.repository import rows_by_id


async def stored_version(
    session: AsyncSession, program: str, key: str, version: int
) -> QuestionnaireVersion | None:
    return await session.scalar(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.program == program,
            QuestionnaireVersion.key == key,
            QuestionnaireVersion.version == version,
        )
    )


async def submitted(
    session: AsyncSession, program: str, key: str, person_id: int, subject: tuple[str, int]
) -> int | None:
    """The person's submission of the questionnaire about the subject, any version."""
    subject_type, subject_id = subject
    return await session.scalar(
        select(Submission.id).where(
            Submission.program == program,
            Submission.key == key,
            Submission.person_id == person_id,
            Submission.subject_type == subject_type,
            Submission.subject_id == subject_id,
        )
    )


async def open_due_item(
    session: AsyncSession, person_id: int, kind: str, subject_id: int
) -> int | None:
    """The person's oldest still-owed item of the kind about the subject, if any."""
    return await session.scalar(
        select(DueItem.id)
        .where(
            DueItem.person_id == person_id,
            DueItem.kind == kind,
            DueItem.subject_id == subject_id,
            is_open(),
        )
        .order_by(DueItem.due_on, DueItem.id)
        .limit(1)
    )


def submissions_visible(viewer: Viewer) -> ColumnElement[bool]:
    return own_or_staff_over(viewer, Submission)


def submissions_of(viewer: Viewer, program: str | None) -> Select[Any]:
    """The viewer's own submissions (for a page), optionally of one program."""
    statement = select(Submission).where(Submission.person_id == viewer.person_id)
    if program is not None:
        statement = statement.where(Submission.program == program)
    return statement


def submissions_about(
    viewer: Viewer, program: str, key: str, subject: tuple[str, int]
) -> Select[Any]:
    """Answers to a questionnaire about one subject that the viewer may see (for a page)."""
    subject_type, subject_id = subject
    return select(Submission).where(
        Submission.program == program,
        Submission.key == key,
        Submission.subject_type == subject_type,
        Submission.subject_id == subject_id,
        submissions_visible(viewer),
    )


async def visible_submissions_by_id(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Any]:
    """Submissions by key for ``node(id:)``; ``None`` for those the viewer may not see."""
    return await rows_by_id(session, Submission, ids, submissions_visible(viewer))
