"""Certificates issued many at once (a quarter, a call, a session) and corrected ones
issued anew.

Staff certify a whole program's period or one activity in one request: each person with
credits outstanding gets their certificate, and a person the program's rules refuse is
reported with the reason instead of stopping everyone else's. A certificate whose credits
were corrected is superseded by a new one over the same credits; the old one keeps its
number and code, and verifying it says what replaced it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer, require_visible
from core.activities.models import Activity
from core.certificates import repository
from core.certificates.models import Certificate
from core.certificates.service import ISSUE_ACTION, NOTHING_TO_CERTIFY, certify
from core.errors import Reason, RuleViolation
from core.i18n import _
from core.locks import lock_row
from core.people.models import Person
from core.registry import Registry

SUPERSEDED = "CORE-CERTIFICATE-SUPERSEDED"


@dataclass(frozen=True)
class Refused:
    """A person a batch left out, and the rules' reasons."""

    person_id: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Batch:
    certificates: list[Certificate]
    refused: list[Refused]


async def issue_many(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    organization_id: int,
    program: str,
    title: str,
    period_start: date,
    period_end: date,
    activity_id: int | None,
) -> Batch:
    """Certify everyone with outstanding credits in the program over the period (of one
    activity when given) whom the program's rules allow."""
    viewer.require_staff(organization_id, program)
    if activity_id is not None:
        await require_visible(session, viewer, Activity, activity_id)
    people = await repository.people_with_certifiable(
        session,
        organization_id=organization_id,
        program=program,
        period_start=period_start,
        period_end=period_end,
        activity_id=activity_id,
    )
    issued: list[Certificate] = []
    refused: list[Refused] = []
    for person_id in people:
        decision = await eligibility.check(
            session, registry, ISSUE_ACTION, person_id, program=program
        )
        if not decision.allowed:
            refused.append(Refused(person_id, decision.reasons))
            continue
        try:
            certificate = await certify(
                session,
                person_id=person_id,
                organization_id=organization_id,
                program=program,
                title=title,
                period_start=period_start,
                period_end=period_end,
                activity_id=activity_id,
            )
        except RuleViolation as violation:
            if violation.codes != {NOTHING_TO_CERTIFY}:
                raise
            continue  # a batch at the same time certified them first, under the person's lock
        issued.append(certificate)
    return Batch(issued, refused)


async def reissue(
    session: AsyncSession, viewer: Viewer, *, certificate_id: int, title: str | None
) -> Certificate:
    """Issue a corrected certificate in place of one whose credits changed: the same person,
    program, period and scope, over what those credits are now. Only the current certificate
    of a line is reissued; nothing to certify any more refuses and keeps the old one."""
    old = await require_visible(session, viewer, Certificate, certificate_id)
    viewer.require_staff(old.organization_id, old.program)
    await lock_row(session, Person, old.person_id)
    await session.refresh(old)
    if old.superseded_by_id is not None:
        number = await repository.number_of(session, old.superseded_by_id)
        raise RuleViolation.single(
            SUPERSEDED,
            _(
                "Certificate {number} was already replaced by {successor}.",
                number=old.number,
                successor=number,
            ),
        )
    await repository.release_entries(session, old.id)
    new = await certify(
        session,
        person_id=old.person_id,
        organization_id=old.organization_id,
        program=old.program,
        title=title or old.title,
        period_start=old.period_start,
        period_end=old.period_end,
        scope=old.scope,
        activity_id=old.activity_id,
    )
    old.superseded_by_id = new.id
    await session.flush()
    return new


def refused_people(refused: Sequence[Refused]) -> list[tuple[int, Reason]]:
    """Each refusal reason with the person it concerns, in the batch's order."""
    return [(r.person_id, reason) for r in refused for reason in r.reasons]
