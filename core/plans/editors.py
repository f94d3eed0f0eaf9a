"""Who may read and write a plan: its writers (the owner, or the owning group's active
members), its program's staff (reading, reviewing), and the co-editors a program names for a
person's plans of its kind (``PlanKind.co_editors``, asked about the viewer and the plan)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.plans import repository
from core.plans.models import Plan
from core.registry import Registry


async def require_plan(
    session: AsyncSession, viewer: Viewer, plan_id: int, registry: Registry | None = None
) -> Plan:
    """A plan the viewer may see, or (given the registry) co-edit; FORBIDDEN otherwise,
    whether or not it exists."""
    plan = await repository.visible_plan(session, viewer, plan_id)
    if plan is None and registry is not None:
        found = await session.get(Plan, plan_id)
        if found is not None and await co_edits(session, registry, viewer, found):
            plan = found
    if plan is None:
        raise hidden(viewer, "plan")
    return plan


async def co_edits(session: AsyncSession, registry: Registry, viewer: Viewer, plan: Plan) -> bool:
    """Whether the plan's kind names the viewer a co-editor of this person's plan."""
    kind = registry.plan_kinds.get(plan.kind)
    if kind is None or kind.co_editors is None or viewer.person_id is None:
        return False
    if plan.person_id is None or plan.person_id == viewer.person_id:
        return False
    return await kind.co_editors(session, viewer, plan)


async def may_edit(session: AsyncSession, viewer: Viewer, plan: Plan) -> bool:
    """The owner edits a plan, and so does every active member of the group owning it."""
    if plan.person_id is not None:
        return plan.person_id == viewer.person_id
    if plan.group_id is None or viewer.person_id is None:
        return False
    return await repository.is_active_member(session, plan.group_id, viewer.person_id)
