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
(questions, answers, resource summaries, feedback comments) is screened by core's
:func:`~core.privacy.screen.patient_information`, and refused text is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from urllib.parse import urlsplit

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.db import utcnow
from core.errors import NotFound, RuleViolation
from core.i18n import N_
from core.people.service import search_text
from core.privacy.screen import Finding, patient_information
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.accounts import repository as accounts
from plugins.ocfp_practising_well.accounts.service import (
    require_approved_learner,
    require_program_staff,
)
from plugins.ocfp_practising_well.exchange import repository
from plugins.ocfp_practising_well.exchange.models import (
    Feedback,
    FeedbackComponent,
    Question,
    Resource,
)
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.models import Topic

NOT_CLINICAL = "PW-NOT-CLINICAL"
INVALID = "INVALID"

TITLE_MAX = 200
URL_MAX = 2000
SUMMARY_MAX = 4000
QUESTION_MAX = 4000
ANSWER_MAX = 8000
COMMENTS_MAX = 4000
RATING_MIN, RATING_MAX = 1, 5


class QuestionStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


# --- PW-NOT-CLINICAL: the core patient-identifier screen, worded for the exchange ----------
#
# The exchange answers its own rule's code and a refusal that recalls the program is not
# clinical consultation; what counts as patient information is core's (core.privacy.screen).


# The refusal for each kind, whole, so a translation words the kind as its sentence needs.
_NOT_CLINICAL: dict[Finding, str] = {
    Finding.HEALTH_CARD: N_(
        "Practising Well is educational support for family physicians, not clinical "
        "consultation for specific patients. This text seems to contain a health card number: "
        "remove anything that identifies a patient and ask about resources or approaches in "
        "general."
    ),
    Finding.DATE_OF_BIRTH: N_(
        "Practising Well is educational support for family physicians, not clinical "
        "consultation for specific patients. This text seems to contain a date of birth: "
        "remove anything that identifies a patient and ask about resources or approaches in "
        "general."
    ),
    Finding.PATIENT_NAME: N_(
        "Practising Well is educational support for family physicians, not clinical "
        "consultation for specific patients. This text seems to contain a patient's name: "
        "remove anything that identifies a patient and ask about resources or approaches in "
        "general."
    ),
}
# What a field left blank or too long is told: (required, at most ``{maximum}`` characters).
_TEXT_RULES: dict[str, tuple[str, str]] = {
    "title": (N_("A title is required."), N_("A title is at most {maximum} characters long.")),
    "summary": (
        N_("A summary is required."),
        N_("A summary is at most {maximum} characters long."),
    ),
    "question": (
        N_("A question is required."),
        N_("A question is at most {maximum} characters long."),
    ),
    "answer": (N_("An answer is required."), N_("An answer is at most {maximum} characters long.")),
}


def _screen(text: str, field_name: str) -> None:
    """Refuse text that looks like patient information (PW-NOT-CLINICAL)."""
    kind = patient_information(text)
    if kind is not None:
        raise RuleViolation.single(
            NOT_CLINICAL,
            _(_NOT_CLINICAL[kind]),
            field_name,
        )


def _required_text(value: str, field_name: str, maximum: int) -> str:
    text = value.strip()
    required, too_long = _TEXT_RULES[field_name]
    if not text:
        raise RuleViolation.single(INVALID, _(required), field_name)
    if len(text) > maximum:
        raise RuleViolation.single(INVALID, _(too_long, maximum=maximum), field_name)
    return text


# --- Resources --------------------------------------------------------------------------------


def _valid_url(value: str) -> str:
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > URL_MAX:
        raise RuleViolation.single(
            INVALID, _("A resource's address is a web address starting with https://."), "url"
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
    if not await accounts.organization_exists(session, organization_id):
        raise NotFound(_("No such organization."))
    clean_title = _required_text(title, "title", TITLE_MAX)
    clean_summary = _required_text(summary, "summary", SUMMARY_MAX)
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
    return await accounts.add(session, resource)


def search_resources(
    viewer: Viewer,
    *,
    organization_id: int | None = None,
    search: str | None = None,
    topic: Topic | None = None,
) -> Select[Resource]:
    """The statement listing the resources the viewer may search (anonymous: UNAUTHENTICATED).

    Every word of ``search`` must appear, in any case, in the title or the summary."""
    viewer.require_person()
    return repository.resources(
        viewer, organization_id=organization_id, words=search_text(search).split(), topic=topic
    )


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
            _(
                "Practising Well is educational support for family physicians, not clinical "
                "consultation for specific patients. Confirm that your question is about "
                "resources or approaches in general, not about a specific patient."
            ),
            "acknowledgeNotClinical",
        )
    text = _required_text(question, "question", QUESTION_MAX)
    _screen(text, "question")
    row = Question(
        organization_id=learner.organization_id,
        asker_id=person_id,
        topic=Topic(topic),
        question=text,
    )
    return await accounts.add(session, row)


async def _may_answer(session: AsyncSession, viewer: Viewer, organization_id: int) -> bool:
    if viewer.is_staff(organization_id, SLUG):
        return True
    assert viewer.person_id is not None
    guide = await accounts.guide_of(session, viewer.person_id)
    return guide is not None and guide.organization_id == organization_id


async def answer_question(
    session: AsyncSession, viewer: Viewer, *, question_id: int, answer: str
) -> Question:
    """A guide or program staff of the asker's organization answers an open question once."""
    person_id = viewer.require_person()
    row = await repository.question_for_update(session, question_id)
    if row is None or not await _may_answer(session, viewer, row.organization_id):
        # Say nothing about a question the viewer may not answer.
        raise hidden(viewer, "question")
    if row.answered_at is not None:
        raise RuleViolation.single(
            INVALID, _("This question has been answered already."), "questionId"
        )
    text = _required_text(answer, "answer", ANSWER_MAX)
    _screen(text, "answer")
    return await repository.record_answer(session, row, text=text, person_id=person_id, at=utcnow())


def list_questions(
    viewer: Viewer,
    *,
    status: QuestionStatus | None = None,
    organization_id: int | None = None,
    topic: Topic | None = None,
) -> Select[Question]:
    """The statement listing the questions the viewer may see (anonymous: UNAUTHENTICATED)."""
    viewer.require_person()
    return repository.questions(
        viewer,
        answered=None if status is None else status == QuestionStatus.ANSWERED,
        organization_id=organization_id,
        topic=topic,
    )


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
            INVALID,
            _("A rating is from {least} to {most}.", least=RATING_MIN, most=RATING_MAX),
            "rating",
        )
    text = (comments or "").strip()
    if len(text) > COMMENTS_MAX:
        raise RuleViolation.single(
            INVALID,
            _("Comments are at most {maximum} characters long.", maximum=COMMENTS_MAX),
            "comments",
        )
    _screen(text, "comments")
    row = Feedback(
        organization_id=learner.organization_id,
        person_id=person_id,
        component=FeedbackComponent(component),
        rating=rating,
        comments=text,
    )
    return await accounts.add(session, row)


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
    totals = await repository.feedback_totals(session, organization_id)
    comments: dict[FeedbackComponent, list[str]] = {c: [] for c in FeedbackComponent}
    for component, text in await repository.feedback_comments(session, organization_id):
        comments[component].append(text)
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
