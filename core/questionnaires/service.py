"""Questionnaires: programs declare versioned questions; people answer them about a subject.

A version is stored the first time it is answered (``QuestionnaireVersion``) and never changes,
so a submission reads with the questions it answered. A program that changes the questions of
a stored version without declaring a new one is refused (CORE-QUESTIONNAIRE-CHANGED) rather
than letting old answers read under new questions.

A person answers a questionnaire once per subject, whichever version: the database holds that
(a unique constraint), and the person's row is locked before looking, so concurrent submits
queue and all but the first are refused with CORE-QUESTIONNAIRE-SUBMITTED. Answering completes
the person's open due item of the questionnaire's kind about the same subject, in the same
transaction. Programs may refuse a submission through eligibility rules on
``core.questionnaire.submit`` (``subject_id`` is the subject's key).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.due_items import service as due_items
from core.eligibility import check
from core.errors import NotFound, RuleViolation
from core.i18n import _
from core.locks import lock_row
from core.people.models import Person
from core.privacy.screen import screen
from core.programs import Question, QuestionnaireSpec, QuestionType
from core.questionnaires import repository
from core.questionnaires.answers import Answer, validated
from core.questionnaires.models import QuestionnaireVersion, Submission
from core.registry import Registry
from core.repository import add

SUBMITTED = "CORE-QUESTIONNAIRE-SUBMITTED"
VERSION = "CORE-QUESTIONNAIRE-VERSION"
CHANGED = "CORE-QUESTIONNAIRE-CHANGED"
SUBMIT = "core.questionnaire.submit"


def require_questionnaire(
    registry: Registry, program: str, key: str, version: int | None = None
) -> QuestionnaireSpec:
    """A declared questionnaire of an enabled program (its newest version unless asked)."""
    spec = registry.questionnaire(program, key, version)
    if spec is None:
        if version is None:
            raise NotFound(
                _("No questionnaire {key!r} of the program {program!r}.", key=key, program=program)
            )
        raise NotFound(
            _(
                "No questionnaire {key!r} version {version} of the program {program!r}.",
                key=key,
                version=version,
                program=program,
            )
        )
    return spec


def questions_stored(spec: QuestionnaireSpec) -> list[dict[str, Any]]:
    """A version's questions as stored with it."""
    return [
        {
            "key": q.key,
            "prompt": q.prompt,
            "type": q.type.value,
            "required": q.required,
            "choices": list(q.choices),
        }
        for q in spec.questions
    ]


def spec_of(row: Any) -> QuestionnaireSpec:
    """A stored version read back as the spec it was stored from."""
    questions = tuple(
        Question(
            key=q["key"],
            prompt=q["prompt"],
            type=QuestionType(q["type"]),
            required=q["required"],
            choices=tuple(q["choices"]),
        )
        for q in row.questions
    )
    return QuestionnaireSpec(row.key, row.version, row.title, questions, row.due_item_kind)


async def _stored(
    session: AsyncSession, program: str, spec: QuestionnaireSpec
) -> QuestionnaireVersion:
    """The stored version, stored now if this is its first answer. Two first answers at once
    both insert; the unique constraint refuses one, whose retry finds the other's row."""
    row = await repository.stored_version(session, program, spec.key, spec.version)
    if row is None:
        row = QuestionnaireVersion(
            program=program,
            key=spec.key,
            version=spec.version,
            title=spec.title,
            due_item_kind=spec.due_item_kind,
            questions=questions_stored(spec),
        )
        return await add(session, row)
    if row.questions != questions_stored(spec):
        raise RuleViolation.single(
            CHANGED,
            _(
                "The questions of {title} version {version} changed after it was answered; the "
                "program must declare them as a new version.",
                title=spec.title,
                version=spec.version,
            ),
        )
    return row


def require_subject_type(registry: Registry, kind: str) -> None:
    """A subject is an object of the API (a type ``node(id:)`` knows)."""
    if not any(kind in program.schema.nodes for program in registry.programs):
        raise NotFound(_("No {kind} with this ID.", kind=kind))


async def submit(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    program: str,
    key: str,
    version: int | None,
    subject: tuple[str, int],
    answers: list[Answer],
) -> Submission:
    """The viewer answers the newest version of a questionnaire about a subject, once."""
    screen(answers="\n".join(answer.text or "" for answer in answers))
    person_id = viewer.require_person()
    spec = require_questionnaire(registry, program, key)
    require_subject_type(registry, subject[0])
    if version is not None and version != spec.version:
        raise RuleViolation.single(
            VERSION,
            _(
                "{title} is now asked as version {version}; reload it and answer again.",
                title=spec.title,
                version=spec.version,
            ),
            "version",
        )
    stored = validated(spec, answers)
    decision = await check(
        session,
        registry,
        SUBMIT,
        person_id,
        subject_id=subject[1],
        program=program,
        params={"questionnaire": key, "subject_type": subject[0]},
    )
    decision.raise_if_denied()
    await lock_row(session, Person, person_id, missing="person")
    if await repository.submitted(session, program, key, person_id, subject) is not None:
        raise RuleViolation.single(
            SUBMITTED, _("You have already answered {title} for this.", title=spec.title)
        )
    row = await _stored(session, program, spec)
    submission = await add(
        session,
        Submission(
            questionnaire_id=row.id,
            program=program,
            key=key,
            person_id=person_id,
            subject_type=subject[0],
            subject_id=subject[1],
            answers=stored,
        ),
    )
    if spec.due_item_kind is not None:
        item = await repository.open_due_item(session, person_id, spec.due_item_kind, subject[1])
        if item is not None:
            await due_items.complete_for_program(session, registry, program=program, item_id=item)
    return submission


async def has_answered(
    session: AsyncSession, *, program: str, key: str, person_id: int, subject: tuple[str, int]
) -> bool:
    """Whether the person answered the questionnaire about the subject (any version): what a
    program waits for before it acts (SGLS-CERTIFICATE: no certificate before the answers)."""
    return await repository.submitted(session, program, key, person_id, subject) is not None
