"""The statements of core's exports, each one query however many rows: the roster's groups
and credits are aggregated per person in the same statement, never fetched person by person."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, null, select, true
from sqlalchemy.sql.functions import coalesce

from core.access import (
    Viewer,
    credit_entries_visible,
    participations_visible,
    people_visible,
    staff_scope,
)
from core.activities.models import Activity, Participation
from core.certificates.repository import outstanding
from core.credits.models import CreditEntry
from core.exports.csv import Statement
from core.groups.models import Group, Membership, MembershipStatus
from core.people.models import Person, RoleAssignment


def roster(viewer: Viewer, organization_id: int, programs: tuple[str, ...]) -> Statement:
    """People holding a role in the organization: who they are, the organization's groups
    they are active in (those the viewer's grants reach), and the credits each program
    awarded them there: one column per program, empty for a program the viewer is not staff
    of there (a zero would say what they may not see). Groups and credits are aggregated per
    person once, in derived tables joined to the people, not in a subquery per person and
    program (on PostgreSQL that was five times the time of the statement here)."""
    members = (
        select(RoleAssignment.person_id)
        .where(RoleAssignment.organization_id == organization_id)
        .distinct()
        .subquery()
    )
    groups = (
        select(Membership.person_id, func.aggregate_strings(Group.name, "; ").label("names"))
        .join(Group, Group.id == Membership.group_id)
        .where(
            Membership.status == MembershipStatus.ACTIVE,
            Group.organization_id == organization_id,
            staff_scope(viewer, Group.organization_id, Group.program),
        )
        .group_by(Membership.person_id)
        .subquery()
    )
    shown = [p for p in programs if viewer.is_staff(organization_id, p)]
    sums = (
        select(
            CreditEntry.person_id,
            *(
                func.sum(case((CreditEntry.program == p, CreditEntry.amount))).label(p)
                for p in shown
            ),
        )
        .where(CreditEntry.organization_id == organization_id, credit_entries_visible(viewer))
        .group_by(CreditEntry.person_id)
        .subquery()
    )
    return (
        select(
            Person.given_name,
            Person.family_name,
            Person.email,
            Person.profession,
            Person.licence_number,
            groups.c.names,
            *(coalesce(sums.c[p], 0) if p in shown else null() for p in programs),
        )
        .join(members, members.c.person_id == Person.id)
        .outerjoin(groups, groups.c.person_id == Person.id)
        .outerjoin(sums, sums.c.person_id == Person.id)
        .where(people_visible(viewer))
        .order_by(Person.family_name, Person.given_name, Person.id)
    )


def attendance(
    viewer: Viewer,
    organization_id: int,
    program: str | None,
    start: date | None,
    end: date | None,
) -> Statement:
    """Who attended the organization's activities (of one program, within dates, when
    given), as the viewer sees attendance; withdrawn attendance is not attendance."""
    return (
        select(
            Activity.held_on,
            Activity.program,
            Activity.kind,
            Activity.title,
            Person.given_name,
            Person.family_name,
            Person.email,
            Person.licence_number,
            Participation.hours,
        )
        .join(Activity, Activity.id == Participation.activity_id)
        .join(Person, Person.id == Participation.person_id)
        .where(
            Activity.organization_id == organization_id,
            Activity.program == program if program is not None else true(),
            Activity.held_on >= start if start is not None else true(),
            Activity.held_on <= end if end is not None else true(),
            Participation.withdrawn_at.is_(None),
            participations_visible(viewer),
        )
        .order_by(Activity.held_on, Activity.id, Person.family_name, Person.id)
    )


def pending_credits(organization_id: int, program: str) -> Statement:
    """The program's credits at the organization that have reached no credit system yet: on
    no certificate and not reported (``core.certificates.repository.outstanding``)."""
    return (
        select(
            CreditEntry.id,
            CreditEntry.earned_on,
            Person.given_name,
            Person.family_name,
            Person.email,
            Person.licence_number,
            CreditEntry.scope,
            CreditEntry.credit_system,
            CreditEntry.credit_type,
            CreditEntry.amount,
        )
        .join(Person, Person.id == CreditEntry.person_id)
        .where(
            CreditEntry.organization_id == organization_id,
            CreditEntry.program == program,
            CreditEntry.amount != 0,
            outstanding(),
        )
        .order_by(CreditEntry.earned_on, CreditEntry.id)
    )
