"""Statements of how credits reach Mainpro+ (PW-REPORTING) and what an overdue progress
survey holds back (PW-PROGRESS): the only reporting module that builds SQL.

Two conditions come from core's services, where they still live: a survey overdue
(``core.due_items.service.overdue``) and a credit on no certificate or report
(``core.certificates.service.outstanding``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.activities.models import Activity
from core.certificates import repository as certificates
from core.credits.models import CreditEntry
from core.due_items import repository as due_items
from core.due_items.models import DueItem
from core.people.models import Person
from plugins.ocfp_practising_well import PEER_CONNECT, SLUG, SURVEY
from plugins.ocfp_practising_well.models import Learner, ReportingPreference


def _overdue(today: date) -> ColumnElement[bool]:
    """A survey still owed past its date; one closed when its learner left is not owed."""
    return and_(DueItem.kind == SURVEY, due_items.overdue(today))


def _behind_on_surveys(today: date) -> Select[int]:
    """People with an overdue progress survey: PW-PROGRESS holds their credits back from
    Mainpro+ whichever way they reach it (a certificate, or OCFP entering them)."""
    return select(DueItem.person_id).where(_overdue(today))


def _unreported(scope: str) -> ColumnElement[bool]:
    """Entries of ``scope`` on no certificate and not entered by OCFP: still to reach
    Mainpro+."""
    return and_(CreditEntry.scope == scope, certificates.outstanding())


async def overdue_surveys(session: AsyncSession, person_id: int, today: date) -> list[DueItem]:
    rows = await session.scalars(
        select(DueItem).where(DueItem.person_id == person_id, _overdue(today))
    )
    return list(rows.all())


async def learners_to_certify(
    session: AsyncSession, organization_id: int, start: date, end: date
) -> list[Learner]:
    """Learners of the organization who chose certificates and hold Peer Connect credits of
    the period not yet certified."""
    rows = await session.scalars(
        select(Learner)
        .where(
            Learner.organization_id == organization_id,
            Learner.reporting == ReportingPreference.CERTIFICATE,
            Learner.person_id.in_(
                select(CreditEntry.person_id).where(
                    _unreported(PEER_CONNECT), CreditEntry.earned_on.between(start, end)
                )
            ),
        )
        .order_by(Learner.id)
    )
    return list(rows.all())


async def uncertified_calls(session: AsyncSession, person_id: int, scope: str) -> list[Activity]:
    """The calls whose credits the person holds and no certificate covers yet, oldest first."""
    rows = await session.scalars(
        select(Activity)
        .join(CreditEntry, CreditEntry.activity_id == Activity.id)
        .where(CreditEntry.person_id == person_id, _unreported(scope))
        .distinct()
        .order_by(Activity.held_on, Activity.id)
    )
    return list(rows.all())


async def uncertified_days(session: AsyncSession, person_id: int, scope: str) -> list[date]:
    """The days on which the person earned credits of ``scope`` no certificate covers yet."""
    rows = await session.scalars(
        select(CreditEntry.earned_on)
        .where(CreditEntry.person_id == person_id, _unreported(scope))
        .distinct()
    )
    return list(rows.all())


def pending(organization_id: int, today: date) -> Select[*tuple[Any, ...]]:
    """Credits OCFP still has to enter for learners who asked it to, with whose they are."""
    return (
        select(
            CreditEntry.id,
            CreditEntry.earned_on,
            CreditEntry.scope,
            CreditEntry.amount,
            CreditEntry.credit_type,
            Person.given_name,
            Person.family_name,
            Person.licence_number,
        )
        .join(Person, Person.id == CreditEntry.person_id)
        .join(Learner, Learner.person_id == CreditEntry.person_id)
        .where(
            CreditEntry.program == SLUG,
            CreditEntry.amount != 0,
            Learner.organization_id == organization_id,
            Learner.reporting == ReportingPreference.OCFP_ENTERS,
            # Neither entered already nor on a certificate: a credit reaches Mainpro+ once.
            certificates.outstanding(),
            CreditEntry.person_id.not_in(_behind_on_surveys(today)),
        )
        .order_by(CreditEntry.earned_on, CreditEntry.id)
    )


async def pending_credits(session: AsyncSession, organization_id: int, today: date) -> list[Any]:
    return list((await session.execute(pending(organization_id, today))).all())


async def any_held_back(session: AsyncSession, entry_ids: Sequence[int], today: date) -> bool:
    """Whether one of the entries belongs to a learner with an overdue survey."""
    held = await session.scalar(
        select(CreditEntry.id)
        .where(
            CreditEntry.id.in_(entry_ids),
            CreditEntry.person_id.in_(_behind_on_surveys(today)),
        )
        .limit(1)
    )
    return held is not None
