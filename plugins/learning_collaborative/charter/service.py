"""The collaborative and its charter (LC-CHARTER): goals, and measures with their definition,
direction of improvement and target.

The collaborative is a core group (run by its faculty lead as facilitator); its measures are
core measures, so monthly values, corrections and run charts are core's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.errors import Forbidden, NotFound, RuleViolation
from core.groups import service as groups
from core.groups.models import Group
from core.kinds import INVALID
from core.measures import service as measures
from core.measures.models import Direction, MeasureKind
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import add, find
from plugins.learning_collaborative import COLLABORATIVE, SLUG
from plugins.learning_collaborative.charter import repository
from plugins.learning_collaborative.i18n import _
from plugins.learning_collaborative.models import CharterGoal, CharterMeasure, Collaborative

CHARTER = "LC-CHARTER"
# Faculty are not counted against a collaborative's places; teams are child groups.
COLLABORATIVE_PLACES = 50


@dataclass(frozen=True)
class Charter:
    """What a collaborative sets out to do: its goals and its measures with targets."""

    collaborative: Collaborative
    group: Group
    goals: list[Any]
    measures: list[tuple[Any, Any]]


def _text(value: str, field: str, most: int) -> str:
    value = value.strip()
    if not value or len(value) > most:
        raise RuleViolation.single(INVALID, _("Give 1 to {most} characters.", most=most), field)
    return value


async def collaborative(session: AsyncSession, collaborative_id: int) -> Collaborative:
    """The collaborative's row; NotFound for any group that is not a collaborative."""
    row = await find(session, Collaborative, collaborative_id)
    if row is None:
        raise NotFound(_("No such collaborative."))
    return row


def require_faculty(viewer: Viewer, row: Collaborative) -> None:
    """Faculty are the program's staff of the collaborative's organization."""
    viewer.require_staff(row.organization_id, SLUG)


def require_member_of_organization(viewer: Viewer, row: Collaborative) -> None:
    """The charter is open to everyone holding a role in the organization for the program."""
    viewer.require_person()
    if not (viewer.is_platform_admin or viewer.belongs_to(row.organization_id, SLUG)):
        raise Forbidden()


async def create_collaborative(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    organization_id: int,
    name: str,
    starts_on: date,
    faculty_id: int,
    shares_reports: bool = False,
) -> Collaborative:
    """Faculty open a collaborative; its lead faculty member runs the core group."""
    group = await groups.create_program_group(
        session,
        registry,
        viewer,
        program=SLUG,
        organization_id=organization_id,
        kind=COLLABORATIVE,
        name=_text(name, "name", 200),
        capacity=COLLABORATIVE_PLACES,
        facilitator_id=faculty_id,
    )
    row = Collaborative(
        group_id=group.id,
        organization_id=organization_id,
        starts_on=starts_on.replace(day=1),
        shares_reports=shares_reports,
    )
    return await add(session, row)


async def add_goal(
    session: AsyncSession, viewer: Viewer, *, collaborative_id: int, statement: str
) -> CharterGoal:
    """A goal of the charter, by faculty."""
    screen(statement=statement)
    row = await collaborative(session, collaborative_id)
    require_faculty(viewer, row)
    goal = CharterGoal(collaborative_id=row.group_id, statement=_text(statement, "statement", 500))
    return await add(session, goal)


async def add_measure(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    collaborative_id: int,
    name: str,
    definition: str,
    kind: MeasureKind,
    unit: str,
    direction: Direction,
    target: Decimal | None,
) -> tuple[CharterMeasure, Any]:
    """A charter measure: defined as a core measure, with the definition a team reads before
    counting (LC-CHARTER: every charter measure has a target)."""
    screen(definition=definition)
    row = await collaborative(session, collaborative_id)
    require_faculty(viewer, row)
    if target is None:
        raise RuleViolation.single(CHARTER, _("A charter measure needs a target."), "target")
    if kind == MeasureKind.RATIO and not 0 <= target <= 1:
        raise RuleViolation.single(
            CHARTER, _("A ratio's target is a proportion between 0 and 1."), "target"
        )
    measure = await measures.define_measure(
        session,
        registry,
        viewer,
        organization_id=row.organization_id,
        program=SLUG,
        name=name,
        kind=kind,
        unit=unit,
        direction=direction,
        target=target,
    )
    link = CharterMeasure(
        collaborative_id=row.group_id,
        measure_id=measure.id,
        definition=_text(definition, "definition", 500),
    )
    return await add(session, link), measure


async def charter(session: AsyncSession, viewer: Viewer, collaborative_id: int) -> Charter:
    """The charter, for everyone of the organization in the program."""
    row = await collaborative(session, collaborative_id)
    require_member_of_organization(viewer, row)
    group = await find(session, Group, row.group_id, missing="group")
    return Charter(
        row,
        group,
        list(await repository.goals(session, row.group_id)),
        await repository.measures(session, row.group_id),
    )


async def collaboratives(session: AsyncSession, viewer: Viewer, organization_id: int) -> list[Any]:
    """The organization's collaboratives, for everyone of the organization in the program."""
    viewer.require_person()
    if not (viewer.is_platform_admin or viewer.belongs_to(organization_id, SLUG)):
        raise Forbidden()
    return list(await repository.collaboratives(session, organization_id))
