"""Statements of guides, requests, waitlists and learner groups: the only matching module
that builds SQL. Batch reads here feed the per-request loaders of the types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import STAFF_ROLES, Viewer, group_companions
from core.groups import repository as core_groups
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.locks import lock_row
from core.people.hierarchy import organization_and_above
from core.people.models import Person, Role, RoleAssignment
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.models import Guide, GuideRequest, Learner, RequestStatus

_NAME = Person.given_name + " " + Person.family_name


async def person_name(session: AsyncSession, person_id: int) -> str:
    person = await session.get(Person, person_id)
    assert person is not None
    return person.name


async def guides_in(session: AsyncSession, organization_id: int) -> list[Guide]:
    rows = await session.scalars(
        select(Guide).where(Guide.organization_id == organization_id).order_by(Guide.id)
    )
    return list(rows.all())


@dataclass(frozen=True)
class GuideRow:
    """A guide's profile with what the directory shows of their caseload."""

    id: int
    person_id: int
    bio: str
    topics: list[str]
    accepting: bool
    name: str
    capacity: int
    load: int
    waitlist: int
    offered: int


async def guide_rows(session: AsyncSession, guides: Sequence[Guide]) -> list[GuideRow]:
    """Guides with their names, capacity, load, waitlist and offers, in four queries however
    many guides there are."""
    if not guides:
        return []
    names = dict(
        (
            await session.execute(
                select(Person.id, _NAME).where(Person.id.in_([g.person_id for g in guides]))
            )
        ).all()
    )
    group_ids = [g.caseload_group_id for g in guides]
    groups = await core_groups.groups_by_id(session, group_ids)
    capacities = {group.id: group.capacity for group in groups}
    counts = await core_groups.active_counts_by_group(session, group_ids)
    loads = dict(zip(group_ids, counts, strict=True))
    waiting = await waiting_counts(session, [g.id for g in guides])
    return [
        GuideRow(
            id=g.id,
            person_id=g.person_id,
            bio=g.bio,
            topics=list(g.topics),
            accepting=g.accepting,
            name=names[g.person_id],
            capacity=capacities[g.caseload_group_id],
            load=loads[g.caseload_group_id],
            waitlist=waiting.get((g.id, RequestStatus.WAITLISTED), 0),
            offered=waiting.get((g.id, RequestStatus.OFFERED), 0),
        )
        for g in guides
    ]


async def waiting_counts(
    session: AsyncSession, guide_ids: Sequence[int]
) -> dict[tuple[int, RequestStatus], int]:
    """Learners waiting for each guide and places offered to them, by (guide, status)."""
    rows = await session.execute(
        select(GuideRequest.guide_id, GuideRequest.status, func.count())
        .where(
            GuideRequest.guide_id.in_(guide_ids),
            GuideRequest.status.in_([RequestStatus.WAITLISTED, RequestStatus.OFFERED]),
        )
        .group_by(GuideRequest.guide_id, GuideRequest.status)
    )
    # IN leaves out NULL, which the nullable column's type cannot tell the checker
    return {
        (guide_id, status): count for guide_id, status, count in rows.all() if guide_id is not None
    }


async def matched(session: AsyncSession, caseload_group_id: int, person_id: int) -> bool:
    found = await session.scalar(
        select(Membership.id).where(
            Membership.group_id == caseload_group_id,
            Membership.person_id == person_id,
            Membership.status == MembershipStatus.ACTIVE,
        )
    )
    return found is not None


async def offered_count(session: AsyncSession, guide_id: int) -> int:
    offered = await session.scalar(
        select(func.count())
        .select_from(GuideRequest)
        .where(GuideRequest.guide_id == guide_id, GuideRequest.status == RequestStatus.OFFERED)
    )
    return offered or 0


async def has_request(
    session: AsyncSession,
    learner_id: int,
    guide_id: int | None,
    statuses: Sequence[RequestStatus],
) -> bool:
    """Whether the learner has a request of these statuses for the guide (None: for staff to
    pick one)."""
    column = GuideRequest.guide_id
    found = await session.scalar(
        select(GuideRequest.id).where(
            GuideRequest.learner_id == learner_id,
            column.is_(None) if guide_id is None else column == guide_id,
            GuideRequest.status.in_(statuses),
        )
    )
    return found is not None


async def lock_request(session: AsyncSession, request_id: int) -> GuideRequest | None:
    return await lock_row(session, GuideRequest, request_id)


async def lock_group(session: AsyncSession, group_id: int) -> Group:
    """The caseload or learner group, locked: its places are counted and given under it."""
    return await lock_row(session, Group, group_id, missing="group")


async def group(session: AsyncSession, group_id: int) -> Group | None:
    return await session.get(Group, group_id)


async def first_waiting(
    session: AsyncSession, guide_id: int, limit: int
) -> list[tuple[GuideRequest, int]]:
    """The first requests on the guide's waitlist, in line order, with their learner's person."""
    rows = await session.execute(
        select(GuideRequest, Learner.person_id)
        .join(Learner, Learner.id == GuideRequest.learner_id)
        .where(
            GuideRequest.guide_id == guide_id,
            GuideRequest.status == RequestStatus.WAITLISTED,
        )
        .order_by(GuideRequest.waitlisted_at, GuideRequest.id)
        .limit(limit)
    )
    return [(request, person_id) for request, person_id in rows.all()]


async def matched_request(
    session: AsyncSession, guide_id: int, learner_person_id: int
) -> GuideRequest | None:
    """The request that made the learner's match with the guide."""
    return await session.scalar(
        select(GuideRequest)
        .join(Learner, Learner.id == GuideRequest.learner_id)
        .where(
            Learner.person_id == learner_person_id,
            GuideRequest.guide_id == guide_id,
            GuideRequest.status == RequestStatus.MATCHED,
        )
    )


async def requests(
    session: AsyncSession,
    organization_id: int,
    status: RequestStatus | None,
    party_id: int | None,
) -> list[Any]:
    """An organization's requests, oldest first; with ``party_id``, only those the person
    made as learner or names them as guide."""
    statement = (
        select(GuideRequest.__table__)
        .join(Learner, Learner.id == GuideRequest.learner_id)
        .outerjoin(Guide, Guide.id == GuideRequest.guide_id)
        .where(Learner.organization_id == organization_id)
        .order_by(GuideRequest.created_at, GuideRequest.id)
    )
    if status is not None:
        statement = statement.where(GuideRequest.status == status)
    if party_id is not None:
        statement = statement.where((Learner.person_id == party_id) | (Guide.person_id == party_id))
    return list((await session.execute(statement)).all())


async def learner_names(session: AsyncSession, learner_ids: Sequence[int]) -> list[str | None]:
    """Batch: the names of learners by account, for the requests a page shows."""
    rows = await session.execute(
        select(Learner.id, _NAME)
        .join(Person, Person.id == Learner.person_id)
        .where(Learner.id.in_(learner_ids))
    )
    found = dict(rows.all())
    return [found.get(pk) for pk in learner_ids]


async def guide_names(session: AsyncSession, guide_ids: Sequence[int]) -> list[str | None]:
    """Batch: the names of guides by profile."""
    rows = await session.execute(
        select(Guide.id, _NAME)
        .join(Person, Person.id == Guide.person_id)
        .where(Guide.id.in_(guide_ids))
    )
    found = dict(rows.all())
    return [found.get(pk) for pk in guide_ids]


async def person_names(session: AsyncSession, person_ids: Sequence[int]) -> list[str | None]:
    """Batch: people's names, for who ended a match."""
    rows = await session.execute(select(Person.id, _NAME).where(Person.id.in_(person_ids)))
    found = dict(rows.all())
    return [found.get(pk) for pk in person_ids]


async def directory_insider(
    session: AsyncSession, person_id: int, organization_id: int | None
) -> bool:
    """Whether the person is a guide or program staff of the organization (or an admin)."""
    found = await session.scalar(
        select(RoleAssignment.id)
        .where(
            RoleAssignment.person_id == person_id,
            RoleAssignment.role.in_([*STAFF_ROLES, Role.GUIDE]),
            or_(RoleAssignment.program.is_(None), RoleAssignment.program == SLUG),
            or_(
                RoleAssignment.organization_id.in_(organization_and_above(organization_id)),
                and_(RoleAssignment.organization_id.is_(None), RoleAssignment.role == Role.ADMIN),
            ),
        )
        .limit(1)
    )
    return found is not None


def learners_see_their_guides(viewer: Viewer) -> ColumnElement[bool] | None:
    """A learner sees the guides who facilitate the Practising Well groups they are in."""
    return group_companions(viewer, Group.program == SLUG, MembershipRole.FACILITATOR)
