"""Groups under groups, and the practices groups represent: a collaborative and its teams.

A kind names the kind of its groups' parent (``GroupKind.parent_kind``); a parent is of that
kind, of the same organization, and never one of the group's own descendants. A kind whose
groups represent a practice (``GroupKind.practice``) names it, once per parent: each practice
is represented by one team in a collaborative.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.errors import RuleViolation
from core.groups import repository
from core.groups.capacity import group_kind
from core.groups.models import Group
from core.i18n import Text, _
from core.locks import lock_row
from core.programs import GroupKind
from core.registry import Registry
from core.repository import find

PARENT = "CORE-GROUP-PARENT"
CYCLE = "CORE-GROUP-PARENT-CYCLE"
PRACTICE = "CORE-GROUP-PRACTICE"
PRACTICE_TAKEN = "CORE-GROUP-PRACTICE-TAKEN"


@dataclass(frozen=True)
class Site:
    """Where a new group stands: under which parent group, representing which practice."""

    parent_id: int | None = None
    practice_name: str | None = None
    practice_location: str | None = None


NO_SITE = Site()


async def check_parent(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    kind: GroupKind,
    organization_id: int,
    parent_id: int | None,
) -> Group | None:
    """The parent a group of ``kind`` may have (None when it has none), or a refusal."""
    if parent_id is None:
        if kind.parent_required:
            raise RuleViolation.single(PARENT, _name_the_parent(registry, kind), "parentId")
        return None
    parent: Group = await require_visible(session, viewer, Group, parent_id)
    if kind.parent_kind is None:
        raise RuleViolation.single(
            PARENT,
            _("A {title} stands alone: it has no parent group.", title=kind.title),
            "parentId",
        )
    if parent.kind != kind.parent_kind or parent.organization_id != organization_id:
        raise RuleViolation.single(PARENT, _wrong_parent(registry, kind), "parentId")
    return parent


def _parent_title(registry: Registry, kind: GroupKind) -> str | None:
    """The title of the kind a group of ``kind`` belongs to; None when its program is off."""
    declared = registry.group_kinds.get(kind.parent_kind or "")
    return declared.title if declared is not None else None


def _name_the_parent(registry: Registry, kind: GroupKind) -> Text:
    parent = _parent_title(registry, kind)
    if parent is None:
        return _("A {title} belongs to a parent group: name it.", title=kind.title)
    return _("A {title} belongs to a {parent}: name it.", title=kind.title, parent=parent)


def _wrong_parent(registry: Registry, kind: GroupKind) -> Text:
    parent = _parent_title(registry, kind)
    if parent is None:
        return _("A {title} belongs to a parent group of its own organization.", title=kind.title)
    return _(
        "A {title} belongs to a {parent} of its own organization.", title=kind.title, parent=parent
    )


async def check_practice(
    session: AsyncSession,
    kind: GroupKind,
    parent_id: int | None,
    name: str | None,
    location: str | None,
) -> tuple[str | None, str | None]:
    """The practice a group of ``kind`` represents, trimmed: named when the kind represents
    one, absent otherwise, and not represented twice under one parent."""
    name = (name or "").strip() or None
    location = (location or "").strip() or None
    if not kind.practice:
        if name is not None or location is not None:
            raise RuleViolation.single(
                PRACTICE,
                _("A {title} does not represent a practice.", title=kind.title),
                "practiceName",
            )
        return None, None
    if name is None:
        raise RuleViolation.single(
            PRACTICE,
            _("A {title} represents a practice: name it.", title=kind.title),
            "practiceName",
        )
    if await repository.practice_taken(session, parent_id, kind.name, name):
        raise RuleViolation.single(
            PRACTICE_TAKEN,
            _(
                "{practice} is already represented by a {title} here.",
                practice=name,
                title=kind.title,
            ),
            "practiceName",
        )
    return name, location


async def set_parent(
    session: AsyncSession, registry: Registry, viewer: Viewer, group_id: int, parent_id: int | None
) -> Group:
    """Move a group under another parent (or none): staff of its program do, within the rules
    of its kind, and never under one of its own descendants."""
    group: Group = await require_visible(session, viewer, Group, group_id)
    viewer.require_staff(group.organization_id, group.program)
    group = await lock_row(session, Group, group_id, missing="group")
    kind = group_kind(registry, group)
    parent = await check_parent(session, registry, viewer, kind, group.organization_id, parent_id)
    ancestor = parent
    while ancestor is not None:
        if ancestor.id == group.id:
            raise RuleViolation.single(
                CYCLE,
                _("{group} cannot be placed under its own descendant.", group=group.name),
                "parentId",
            )
        ancestor = (
            await find(session, Group, ancestor.parent_id)
            if ancestor.parent_id is not None
            else None
        )
    if group.practice_name is not None and parent_id != group.parent_id:
        await check_practice(session, kind, parent_id, group.practice_name, None)
    group.parent_id = parent_id
    await session.flush()
    return group
