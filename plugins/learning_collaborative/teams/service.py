"""Practice teams of a collaborative (LC-TEAM) and their QI coaches (LC-COACH).

A team is a core group of the ``team`` kind under its collaborative: people form it with
core's ``formGroup`` (naming the practice) and fill it by invitation, and core keeps its
composition (two professions or more, one lead). This program adds what core cannot know:
that a team is complete before it reports (LC-TEAM, with what it misses), and its coach, who
takes the team's facilitator place (so core lets the coach see and record the team's values).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.errors import Forbidden, NotFound, RuleViolation
from core.groups import capacity
from core.groups import repository as core_groups
from core.groups.composition import gaps
from core.groups.models import Group, MembershipRole
from core.locks import lock_row
from core.people.models import Person
from core.registry import Registry
from core.repository import find
from plugins.learning_collaborative import TEAM
from plugins.learning_collaborative.charter import service as charters
from plugins.learning_collaborative.i18n import _
from plugins.learning_collaborative.models import Collaborative
from plugins.learning_collaborative.teams import repository

TEAM_RULE = "LC-TEAM"
COACH = "LC-COACH"


@dataclass(frozen=True)
class Team:
    """A team as faculty see it: its group, its coach, and what its composition misses."""

    group: Group
    coach_id: int | None
    missing: list[Any]


async def team(session: AsyncSession, team_id: int) -> tuple[Group, Collaborative]:
    """The team and its collaborative; NotFound for any other group."""
    group = await find(session, Group, team_id)
    if group is None or group.kind != TEAM or group.parent_id is None:
        raise NotFound(_("No such team."))
    return group, await charters.collaborative(session, group.parent_id)


async def require_complete(session: AsyncSession, registry: Registry, group: Group) -> None:
    """LC-TEAM: a practice is represented by an interdisciplinary team; until its composition
    holds, its reports and attendance are refused, naming what is missing."""
    missing = gaps(registry.group_kinds[TEAM], await core_groups.places(session, group.id))
    if missing:
        raise RuleViolation.single(
            TEAM_RULE,
            _(
                "{team} is not a complete QI team yet: {missing}",
                team=group.name,
                missing=" ".join(reason.message for reason in missing),
            ),
        )


async def is_on_team(session: AsyncSession, viewer: Viewer, group: Group) -> bool:
    """The viewer holds an active place on the team (member, lead or its coach)."""
    people = await repository.active_people(session, [group.id])
    return viewer.person_id in people[group.id]


async def require_team_or_faculty(
    session: AsyncSession, viewer: Viewer, group: Group, row: Collaborative
) -> None:
    """A team's own data: its people, its coach, or faculty."""
    viewer.require_person()
    if viewer.is_staff(row.organization_id, group.program):
        return
    if not await is_on_team(session, viewer, group):
        raise Forbidden()


async def require_team_or_shared(
    session: AsyncSession, viewer: Viewer, group: Group, row: Collaborative
) -> None:
    """A team's monthly values: as its own data, and to the collaborative's other teams when
    it shares reports; never to anyone else of the organization."""
    viewer.require_person()
    if viewer.is_staff(row.organization_id, group.program) or await is_on_team(
        session, viewer, group
    ):
        return
    if row.shares_reports:
        sibling_ids = [g.id for g in await repository.teams(session, row.group_id)]
        people = await repository.active_people(session, sibling_ids)
        if any(viewer.person_id in held for held in people.values()):
            return
    raise Forbidden()


async def assign_coach(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, team_id: int, coach_id: int
) -> Group:
    """Faculty give a team its QI coach (LC-COACH), replacing the one it had. A coach supports
    the team from outside: a member of the team is not its coach."""
    group, row = await team(session, team_id)
    charters.require_faculty(viewer, row)
    await require_visible(session, viewer, Person, coach_id)
    # Two assignments at once must not leave the team with two coaches.
    await lock_row(session, Group, group.id, missing="team")
    place = await core_groups.current_membership(session, group.id, coach_id)
    if place is not None and place.role != MembershipRole.FACILITATOR:
        raise RuleViolation.single(COACH, _("A member of the team cannot be its coach."), "coachId")
    if place is not None:
        return group
    current = (await repository.coaches(session, [group.id])).get(group.id)
    if current is not None:
        await capacity.leave_group(session, registry, group.id, current)
    await capacity.join_group(session, registry, group.id, coach_id, MembershipRole.FACILITATOR)
    return group


async def teams(
    session: AsyncSession, registry: Registry, viewer: Viewer, collaborative_id: int
) -> list[Team]:
    """The collaborative's teams with coach and composition: for those of its organization."""
    row = await charters.collaborative(session, collaborative_id)
    charters.require_member_of_organization(viewer, row)
    groups = list(await repository.teams(session, row.group_id))
    ids = [g.id for g in groups]
    coaches = await repository.coaches(session, ids)
    places = await core_groups.places_by_group(session, ids)
    kind = registry.group_kinds[TEAM]
    return [
        Team(group, coaches.get(group.id), gaps(kind, held))
        for group, held in zip(groups, places, strict=True)
    ]
