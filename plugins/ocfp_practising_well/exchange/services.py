"""Information Exchange (resources, resource-navigation questions) and program feedback.

Who may do what:

- Program staff of an organization add resources to its repository; its approved learners, its
  guides and its program staff search them.
- An approved learner asks a resource-navigation question, acknowledging that Practising Well
  is not clinical consultation for specific patients (PW-NOT-CLINICAL). A guide or program
  staff of the learner's organization answers it. A learner sees their own questions only.
- An approved learner rates a part of the program; only program staff see the feedback, and
  then only as an aggregate per component, comments without their authors.

PW-NOT-CLINICAL also means no patient information is recorded: every free text written here
(questions, answers, resource summaries, feedback comments) is screened by
:func:`patient_information`, and refused text is never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, Select, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.db import utcnow
from core.errors import NotFound, RuleViolation
from core.locks import lock_row
from core.people.models import Organization
from core.people.service import search_text
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.accounts import (
    guide_of,
    require_approved_learner,
    require_program_staff,
)
from plugins.ocfp_practising_well.exchange.models import (
    Feedback,
    FeedbackComponent,
    Question,
    Resource,
)
from plugins.ocfp_practising_well.models import AccountStatus, Guide, Learner, Topic

NOT_CLINICAL = "PW-NOT-CLINICAL"
INVALID = "INVALID"

TITLE_MAX = 200
URL_MAX = 2000
SUMMARY_MAX = 4000
QUESTION_MAX = 4000
ANSWER_MAX = 8000
COMMENTS_MAX = 4000
RATING_MIN, RATING_MAX = 1, 5

NOT_CLINICAL_MESSAGE = (
    "Practising Well is educational support for family physicians, not clinical consultation "
    "for specific patients."
)


class QuestionStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


# --- PW-NOT-CLINICAL: a small heuristic for text that identifies a patient -------------------
#
# It catches the common ways a patient slips into a question; it is a safety net, not a
# guarantee, and the acknowledgement each question carries is the rule's main safeguard.
#
# 1. An Ontario health card number: 10 digits, run together or grouped 4-3-3 with spaces or
#    dashes, optionally followed by a 2-letter version code ("1234-567-890-AB"). A phone
#    number grouped 3-3-4 does not match.
# 2. A date of birth: "DOB", "D.O.B.", "date of birth" or "born on", followed by a date
#    (1956-03-14, 14/03/1956, 14 March 1956, March 14, 1956, Mar. 14 1956).
# 3. A named patient: "my patient Mary", "our patient, Mr. Smith", "a patient named Mary",
#    "patient called Mary": "patient(s)" after my/our, or before named/called, then a
#    capitalized word (a title such as Mr. may come first). "my patient is ..." passes.

_HEALTH_CARD = re.compile(r"(?<![\d-])\d{4}[ -]?\d{3}[ -]?\d{3}(?:[ -]?[A-Za-z]{2})?(?![\w])")

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"  # January, Jan., ...
_DATE = (
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"  # 1956-03-14
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"  # 14/03/1956, 03-14-56
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{2,4}}"  # 14 March 1956
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}})"  # March 14, 1956
)
_DATE_OF_BIRTH = re.compile(
    rf"(?:\bd\.?o\.?b\b\.?|\bdate\s+of\s+birth\b|\bborn\s+on\b)"
    rf"\s*(?:[:=-]|\bis\b|\bwas\b|\bof\b)?\s*{_DATE}",
    re.IGNORECASE,
)

_TITLE = r"(?:(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+)?"
_NAME = r"[A-Z][a-z'\u2019-]+"
_NAMED_PATIENT = re.compile(
    rf"\b(?i:my|our)\s+(?i:patients?),?\s+{_TITLE}{_NAME}"
    rf"|\b(?i:patients?)\s+(?i:named|called)\s+{_TITLE}{_NAME}"
)

_PATIENT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_HEALTH_CARD, "a health card number"),
    (_DATE_OF_BIRTH, "a date of birth"),
    (_NAMED_PATIENT, "a patient's name"),
)


def patient_information(text: str) -> str | None:
    """What in ``text`` looks like it identifies a patient (e.g. "a health card number"), or
    None. Never echoes the matched text."""
    for pattern, kind in _PATIENT_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def _screen(text: str, field_name: str) -> None:
    """Refuse text that looks like patient information (PW-NOT-CLINICAL)."""
    kind = patient_information(text)
    if kind is not None:
        raise RuleViolation.single(
            NOT_CLINICAL,
            f"{NOT_CLINICAL_MESSAGE} This text seems to contain {kind}: remove anything that "
            "identifies a patient and ask about resources or approaches in general.",
            field_name,
        )


def _required_text(value: str, field_name: str, label: str, maximum: int) -> str:
    text = value.strip()
    if not text:
        raise RuleViolation.single(INVALID, f"{label} is required.", field_name)
    if len(text) > maximum:
        raise RuleViolation.single(
            INVALID, f"{label} is at most {maximum} characters long.", field_name
        )
    return text


# --- Who belongs to an organization's Information Exchange ----------------------------------


def _staff_organizations(viewer: Viewer, column: Any) -> ColumnElement[bool]:
    """Rows of organizations where the viewer is staff covering Practising Well."""
    if viewer.is_platform_admin:
        return true()
    organizations = sorted(
        {
            g.organization_id
            for g in viewer.staff_grants()
            if g.organization_id is not None and g.program in (None, SLUG)
        }
    )
    return column.in_(organizations) if organizations else false()


def _guide_organizations(viewer: Viewer) -> Select[Any]:
    return select(Guide.organization_id).where(Guide.person_id == viewer.person_id)


def _learner_organizations(viewer: Viewer) -> Select[Any]:
    return select(Learner.organization_id).where(
        Learner.person_id == viewer.person_id, Learner.status == AccountStatus.APPROVED
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


# --- Resources --------------------------------------------------------------------------------


def _valid_url(value: str) -> str:
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > URL_MAX:
        raise RuleViolation.single(
            INVALID, "A resource's address is a web address starting with https://.", "url"
        )
    return url


async def add_resource(
    session: AsyncSession,
    viewer: Viewer,
    *,
    organization_id: int,
    title: str,
    topic: Topic,
    summary: str,
    url: str,
) -> Resource:
    """Program staff add a resource to their organization's Information Exchange."""
    require_program_staff(viewer, organization_id)
    if await session.get(Organization, organization_id) is None:
        raise NotFound("No such organization.")
    clean_title = _required_text(title, "title", "A title", TITLE_MAX)
    clean_summary = _required_text(summary, "summary", "A summary", SUMMARY_MAX)
    _screen(clean_title, "title")
    _screen(clean_summary, "summary")
    resource = Resource(
        organization_id=organization_id,
        title=clean_title,
        topic=Topic(topic),
        summary=clean_summary,
        url=_valid_url(url),
        created_by_id=viewer.person_id,
    )
    session.add(resource)
    await session.flush()
    return resource


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_resources(
    viewer: Viewer,
    *,
    organization_id: int | None = None,
    search: str | None = None,
    topic: Topic | None = None,
) -> Select[tuple[Resource]]:
    """The statement listing the resources the viewer may search (anonymous: UNAUTHENTICATED).

    Every word of ``search`` must appear, in any case, in the title or the summary."""
    viewer.require_person()
    statement = select(Resource).where(resources_visible(viewer))
    if organization_id is not None:
        statement = statement.where(Resource.organization_id == organization_id)
    if topic is not None:
        statement = statement.where(Resource.topic == Topic(topic))
    for word in search_text(search).split():
        pattern = f"%{_escape_like(word.lower())}%"
        statement = statement.where(
            or_(
                func.lower(Resource.title).like(pattern, escape="\\"),
                func.lower(Resource.summary).like(pattern, escape="\\"),
            )
        )
    return statement


# --- Questions (PW-NOT-CLINICAL) ------------------------------------------------------------


async def ask_question(
    session: AsyncSession,
    viewer: Viewer,
    *,
    topic: Topic,
    question: str,
    acknowledge_not_clinical: bool,
) -> Question:
    """An approved learner asks a resource-navigation question of their organization's guides.

    The learner acknowledges that Practising Well is not clinical consultation for specific
    patients, and a question that looks like it identifies a patient is refused, unstored."""
    person_id = viewer.require_person()
    learner = await require_approved_learner(session, person_id)
    if not acknowledge_not_clinical:
        raise RuleViolation.single(
            NOT_CLINICAL,
            f"{NOT_CLINICAL_MESSAGE} Confirm that your question is about resources or "
            "approaches in general, not about a specific patient.",
            "acknowledgeNotClinical",
        )
    text = _required_text(question, "question", "A question", QUESTION_MAX)
    _screen(text, "question")
    row = Question(
        organization_id=learner.organization_id,
        asker_id=person_id,
        topic=Topic(topic),
        question=text,
    )
    session.add(row)
    await session.flush()
    return row


async def _may_answer(session: AsyncSession, viewer: Viewer, organization_id: int) -> bool:
    if viewer.is_staff(organization_id, SLUG):
        return True
    assert viewer.person_id is not None
    guide = await guide_of(session, viewer.person_id)
    return guide is not None and guide.organization_id == organization_id


async def answer_question(
    session: AsyncSession, viewer: Viewer, *, question_id: int, answer: str
) -> Question:
    """A guide or program staff of the asker's organization answers an open question once."""
    viewer.require_person()
    row = await lock_row(session, Question, question_id)
    if row is None or not await _may_answer(session, viewer, row.organization_id):
        # Say nothing about a question the viewer may not answer.
        raise hidden(viewer, "question")
    if row.answered_at is not None:
        raise RuleViolation.single(
            INVALID, "This question has been answered already.", "questionId"
        )
    text = _required_text(answer, "answer", "An answer", ANSWER_MAX)
    _screen(text, "answer")
    row.answer = text
    row.answered_by_id = viewer.person_id
    row.answered_at = utcnow()
    await session.flush()
    return row


def list_questions(
    viewer: Viewer,
    *,
    status: QuestionStatus | None = None,
    organization_id: int | None = None,
    topic: Topic | None = None,
) -> Select[tuple[Question]]:
    """The statement listing the questions the viewer may see (anonymous: UNAUTHENTICATED)."""
    viewer.require_person()
    statement = select(Question).where(questions_visible(viewer))
    if status == QuestionStatus.OPEN:
        statement = statement.where(Question.answered_at.is_(None))
    elif status == QuestionStatus.ANSWERED:
        statement = statement.where(Question.answered_at.is_not(None))
    if organization_id is not None:
        statement = statement.where(Question.organization_id == organization_id)
    if topic is not None:
        statement = statement.where(Question.topic == Topic(topic))
    return statement


def question_status(row: Question) -> QuestionStatus:
    return QuestionStatus.OPEN if row.answered_at is None else QuestionStatus.ANSWERED


# --- Feedback -----------------------------------------------------------------------------------


async def submit_feedback(
    session: AsyncSession,
    viewer: Viewer,
    *,
    component: FeedbackComponent,
    rating: int,
    comments: str | None,
) -> Feedback:
    """An approved learner rates a part of the program (1-5), optionally with comments."""
    person_id = viewer.require_person()
    learner = await require_approved_learner(session, person_id)
    if not RATING_MIN <= rating <= RATING_MAX:
        raise RuleViolation.single(
            INVALID, f"A rating is from {RATING_MIN} to {RATING_MAX}.", "rating"
        )
    text = (comments or "").strip()
    if len(text) > COMMENTS_MAX:
        raise RuleViolation.single(
            INVALID, f"Comments are at most {COMMENTS_MAX} characters long.", "comments"
        )
    _screen(text, "comments")
    row = Feedback(
        organization_id=learner.organization_id,
        person_id=person_id,
        component=FeedbackComponent(component),
        rating=rating,
        comments=text,
    )
    session.add(row)
    await session.flush()
    return row


@dataclass(frozen=True)
class ComponentSummary:
    component: FeedbackComponent
    count: int
    average_rating: Decimal | None
    comments: list[str] = field(default_factory=list)


async def feedback_summary(
    session: AsyncSession, viewer: Viewer, organization_id: int
) -> list[ComponentSummary]:
    """Program staff see, per component, how many rated it, the average rating (two places)
    and the comments, never who wrote them. Every component is listed, rated or not."""
    require_program_staff(viewer, organization_id)
    in_organization = Feedback.organization_id == organization_id
    totals = {
        FeedbackComponent(component): (count, total)
        for component, count, total in (
            await session.execute(
                select(Feedback.component, func.count(), func.sum(Feedback.rating))
                .where(in_organization)
                .group_by(Feedback.component)
            )
        ).all()
    }
    comments: dict[FeedbackComponent, list[str]] = {c: [] for c in FeedbackComponent}
    for component, text in (
        await session.execute(
            select(Feedback.component, Feedback.comments)
            .where(in_organization, Feedback.comments != "")
            .order_by(Feedback.id)
        )
    ).all():
        comments[FeedbackComponent(component)].append(text)
    summaries = []
    for component in FeedbackComponent:
        count, total = totals.get(component, (0, 0))
        average = (
            (Decimal(int(total)) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if count
            else None
        )
        summaries.append(ComponentSummary(component, count, average, comments[component]))
    return summaries
