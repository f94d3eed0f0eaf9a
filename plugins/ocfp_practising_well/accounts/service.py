"""Learner accounts (PW-ACCOUNT), and the account checks every part of the program shares.

An account is a learner's profile (topic areas, reporting preference) and their core
enrolment in the program (``core.enrolments``), whose state is the account's status: applying
asks core to enrol the person, staff's decision is core's (which makes an approved learner a
member of the program), and an approval starts the progress surveys (PW-PROGRESS). The checks
here (an approved account, who follows a learner) are the ones the other domains ask before
they act, so they live on the floor below all of them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.db import utcnow
from core.due_items import service as due_items
from core.due_items.models import DueItem
from core.eligibility import Decision
from core.enrolments import service as enrolments
from core.enrolments.models import Enrolment
from core.errors import Forbidden, NotFound, RuleViolation
from core.events import Event
from core.i18n import N_, Text
from core.notifications import service as notifications
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import find
from plugins.ocfp_practising_well import SLUG, SURVEY
from plugins.ocfp_practising_well.accounts import repository
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.models import (
    AccountStatus,
    Learner,
    ReportingPreference,
    Topic,
)

ACCOUNT = "PW-ACCOUNT"
INVALID = "INVALID"
REASON_LENGTH = 500
LEFT = (AccountStatus.WITHDRAWN, AccountStatus.CLOSED)
"""An account whose learner left (or staff closed it): its person may apply again."""
APPLY_FIRST = N_("Apply for a Practising Well learner account first.")
# A status as a sentence names it; the enum values stay the API's.
STATUS_WORDS = {
    AccountStatus.PENDING: N_("pending"),
    AccountStatus.APPROVED: N_("approved"),
    AccountStatus.DECLINED: N_("declined"),
    AccountStatus.WITHDRAWN: N_("withdrawn"),
    AccountStatus.CLOSED: N_("closed"),
}


def account_decision(status: AccountStatus | None) -> Decision:
    """PW-ACCOUNT in words: what an account of this status (None: no account) may do."""
    if status == AccountStatus.APPROVED:
        return Decision.allow(ACCOUNT, _("The learner account is approved."))
    if status is None:
        return Decision.deny(ACCOUNT, _(APPLY_FIRST))
    if status == AccountStatus.WITHDRAWN:
        return Decision.deny(
            ACCOUNT, _("The learner left the program; apply again and OCFP staff approve it.")
        )
    if status == AccountStatus.CLOSED:
        return Decision.deny(
            ACCOUNT, _("OCFP staff closed the learner account; apply again and they approve it.")
        )
    return Decision.deny(
        ACCOUNT,
        _(
            "The learner account is {status}; OCFP staff approve accounts, usually within "
            "1-2 business days.",
            status=_(STATUS_WORDS[status]),
        ),
    )


async def require_approved_learner(session: AsyncSession, person_id: int) -> Learner:
    """The person's learner account, which staff must have approved (PW-ACCOUNT)."""
    found = await repository.learner_with_status(session, person_id)
    account_decision(found[1] if found else None).raise_if_denied()
    assert found is not None
    return found[0]


def require_program_staff(viewer: Viewer, organization_id: int) -> None:
    viewer.require_staff(organization_id, SLUG)


async def notify(session: AsyncSession, person_id: int, kind: str, message: Text) -> None:
    """Tell the person something about their part in Practising Well (``kind``: what about)."""
    await notifications.notify(
        session, person_id=person_id, program=SLUG, kind=f"{SLUG}.{kind}", message=message
    )


def reason_text(reason: str | None) -> str | None:
    """A reason someone gave (for a decline, an ending, a withdrawal), trimmed; blank is none."""
    text = reason.strip() if reason else ""
    if len(text) > REASON_LENGTH:
        raise RuleViolation.single(
            INVALID, _("Keep the reason within {n} characters.", n=REASON_LENGTH), "reason"
        )
    return text or None


def topics(values: Iterable[str]) -> list[str]:
    """Topic areas as stored: known ones only, each once, in a stable order."""
    chosen = {Topic(v).value for v in values}
    return [t.value for t in Topic if t.value in chosen]


def setting(registry: Registry, name: str) -> int:
    """A whole-number setting of the program (intervals, capacities), as staff configured it."""
    return registry.program(SLUG).settings.integer(name)


async def schedule_survey(
    session: AsyncSession, registry: Registry, learner: Learner, today: date
) -> DueItem:
    """The learner's next progress survey (PW-PROGRESS), due one interval from ``today``."""
    return await due_items.schedule_due_item(
        session,
        registry,
        program=SLUG,
        person_id=learner.person_id,
        kind=SURVEY,
        title="Practising Well progress survey",
        due_on=today + timedelta(days=setting(registry, "progress_survey_days")),
        subject_id=learner.id,
    )


async def on_approved(session: AsyncSession, registry: Registry, event: Event) -> None:
    """An approved learner's first progress survey falls due (PW-PROGRESS), however staff
    approved them: through ``pwDecideApplication`` or core's ``decideEnrolment``."""
    enrolment = await find(session, Enrolment, event.subject_id, missing="enrolment")
    learner = await repository.learner_of(session, enrolment.person_id)
    if learner is not None:
        await schedule_survey(session, registry, learner, utcnow().date())


async def my_account(session: AsyncSession, viewer: Viewer) -> Any | None:
    """Anyone may ask: an anonymous caller or a person who never applied has none."""
    if viewer.person_id is None:
        return None
    return await repository.account_of(session, viewer.person_id)


async def learners(
    session: AsyncSession, viewer: Viewer, organization_id: int, status: AccountStatus | None
) -> list[Any]:
    require_program_staff(viewer, organization_id)
    return await repository.learners(session, organization_id, status)


async def apply(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    organization_id: int,
    topic_areas: list[str],
    reporting: ReportingPreference,
) -> Any:
    """A family physician applies for a learner account: their profile is kept here and core
    enrols them, pending staff's decision. A learner who left applies again on the same
    profile (one per person), with a new enrolment: the last withdrawal stays on record."""
    person_id = viewer.require_person()
    person = await repository.person(session, person_id)
    assert person is not None
    if not await repository.organization_exists(session, organization_id):
        raise NotFound(_("No such organization."))
    if not person.profession.is_physician:
        raise RuleViolation.single(
            ACCOUNT, _("Practising Well peer learners are family physicians."), "profession"
        )
    learner = await repository.learner_of(session, person_id)
    if learner is None:
        learner = Learner(person_id=person_id)
    elif await repository.learner_status(session, person_id) not in (*LEFT, None):
        raise RuleViolation.single(ACCOUNT, _("You have already applied."))
    learner.organization_id = organization_id
    learner.topics = topics(topic_areas)
    learner.reporting = reporting
    await repository.add(session, learner)
    await enrolments.request(
        session, registry, viewer, program=SLUG, organization_id=organization_id
    )
    return await repository.account(session, learner.id)


async def decide(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    account_id: int,
    approve: bool,
    note: str | None,
) -> Any:
    """Staff approve or decline an application: core decides the enrolment and tells the
    learner in the program's words; an approval starts the surveys (``on_approved``)."""
    screen(note=note)
    learner = await repository.lock_learner(session, account_id)
    if learner is None:
        viewer.require_person()
        raise hidden(viewer, "learner account")
    require_program_staff(viewer, learner.organization_id)
    enrolment = await repository.current_enrolment(session, learner)
    assert enrolment is not None
    status = repository.STATUS[enrolment.state]
    if status != AccountStatus.PENDING:
        raise RuleViolation.single(
            ACCOUNT,
            _("This application was {status} already.", status=_(STATUS_WORDS[status])),
        )
    message = decision_notice(approve, note)
    await enrolments.decide(
        session,
        registry,
        viewer,
        enrolment_id=enrolment.id,
        approve=approve,
        reason=note,
        notice=enrolments.Notice("account", message),
    )
    return await repository.account(session, learner.id)


def decision_notice(approve: bool, note: str | None) -> Text:
    """What the applicant is told of staff's decision; a decline carries staff's note."""
    if approve:
        return _(
            "Your Practising Well learner account is approved: browse the Peer Guide directory "
            "to request a guide."
        )
    if note:
        return _("Your Practising Well learner account was not approved. {note}", note=note)
    return _("Your Practising Well learner account was not approved.")


async def set_reporting(
    session: AsyncSession, viewer: Viewer, *, reporting: ReportingPreference
) -> Any:
    learner = await repository.learner_of(session, viewer.require_person())
    if learner is None:
        raise RuleViolation.single(ACCOUNT, _(APPLY_FIRST))
    learner.reporting = reporting
    await session.flush()
    return await repository.account(session, learner.id)


async def require_follower(session: AsyncSession, viewer: Viewer, learner: Learner) -> None:
    """A learner's goals, surveys and logs are theirs, their program staff's, and their guides'
    (a guide sees only the learners matched with them or in a group they facilitate)."""
    person_id = viewer.require_person()
    if person_id == learner.person_id or viewer.is_staff(learner.organization_id, SLUG):
        return
    if not await repository.guides_learner(session, person_id, learner.person_id):
        raise Forbidden()


async def learner_by_person(session: AsyncSession, viewer: Viewer, person_id: int) -> Learner:
    """The learner account of a person the viewer follows (FORBIDDEN otherwise)."""
    viewer.require_person()
    learner = await repository.learner_of(session, person_id)
    if learner is None:
        if viewer.is_platform_admin or viewer.person_id == person_id:
            raise NotFound(_("No learner account for this person."))
        raise Forbidden()
    await require_follower(session, viewer, learner)
    return learner
