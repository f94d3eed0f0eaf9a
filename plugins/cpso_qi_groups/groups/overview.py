"""Each group's progress as its members and CPSO staff see it: who is in it, who completed
which activity (never the answers), where its PIP stands, and its support requests. One read
per kind of row for all the groups, never one per group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.groups.models import Group
from core.people.models import Person
from core.plans.models import PlanState
from core.repository import by_id
from plugins.cpso_qi_groups import SLUG
from plugins.cpso_qi_groups.activities import repository as activities
from plugins.cpso_qi_groups.activities.service import missing
from plugins.cpso_qi_groups.groups import repository
from plugins.cpso_qi_groups.groups.service import qi_group
from plugins.cpso_qi_groups.models import Basis, QiActivity
from plugins.cpso_qi_groups.pip import repository as pips
from plugins.cpso_qi_groups.support import repository as support


@dataclass
class MemberProgress:
    person_id: int
    name: str
    role: str
    completed: list[QiActivity]
    missing: list[QiActivity]


@dataclass
class GroupProgress:
    group: Group
    basis: Basis | None
    basis_description: str
    members: list[MemberProgress]
    pip_id: int | None
    pip_state: PlanState | None
    requests: int
    open_requests: int


async def progress(session: AsyncSession, viewer: Viewer, *, group_id: int) -> GroupProgress:
    """One group's progress: for its members and CPSO staff."""
    group = await qi_group(session, viewer, group_id)
    return (await _progress(session, [group]))[0]


async def overview(
    session: AsyncSession, viewer: Viewer, *, organization_id: int
) -> list[GroupProgress]:
    """Every QI group of the organization: CPSO staff only."""
    viewer.require_staff(organization_id, SLUG)
    return await _progress(session, await repository.qi_groups(session, organization_id))


async def _progress(session: AsyncSession, groups: Sequence[Group]) -> list[GroupProgress]:
    ids = [g.id for g in groups]
    if not ids:
        return []
    bases = await repository.bases_by_group(session, ids)
    members = await repository.active_members(session, ids)
    people = {p.id: p for p in await by_id(session, sorted({m.person_id for m in members}), Person)}
    done = await activities.completed_by_group(session, ids)
    plans = await pips.pips_of_groups(session, ids)
    requests = await support.of_groups(session, ids)
    shown = []
    for group, basis in zip(groups, bases, strict=True):
        plan = plans.get(group.id)
        asked = [r for r in requests if r.group_id == group.id]
        places = []
        for m in (m for m in members if m.group_id == group.id):
            completed = done.get((group.id, m.person_id), set())
            places.append(
                MemberProgress(
                    m.person_id,
                    _name(people[m.person_id]),
                    m.role.value.upper(),
                    [a for a in QiActivity if a in completed],
                    missing(completed),
                )
            )
        shown.append(
            GroupProgress(
                group=group,
                basis=None if basis is None else Basis(basis.basis),
                basis_description="" if basis is None else basis.description,
                members=places,
                pip_id=None if plan is None else plan.id,
                pip_state=None if plan is None else plan.state,
                requests=len(asked),
                open_requests=sum(1 for r in asked if r.answered_at is None),
            )
        )
    return shown


def _name(person: Any) -> str:
    return f"{person.given_name} {person.family_name}"
