"""Plans as people write and review them: the owner (or the owning group's active members)
drafts a plan and its SMART goals and submits it; program staff return it with a comment
(editable again) or accept it (final, and ``plan.accepted`` is emitted to its program).

A program may name co-editors of a person's plans of its kind (``PlanKind.co_editors``, asked
about the viewer and the plan): they see the plan and draft it with its owner; submitting stays
the owner's own act unless the kind says co-editors submit too (``co_editors_submit``). Every
change records who made it (``updated_by_id``; none for a program's workflow).

Every change names the ``version`` its editor read and is written by one conditional UPDATE
(``repository.bump``), so of concurrent edits of one version exactly one wins and the others
are told CONFLICT: nobody's work is silently overwritten."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden, require_visible
from core.db import utcnow
from core.errors import CONFLICT, Forbidden, RuleViolation
from core.events import PLAN_ACCEPTED, Event, emit
from core.groups.models import Group
from core.i18n import _, _n
from core.kinds import INVALID, program_of
from core.people.models import Organization
from core.plans import repository
from core.plans.editors import co_edits, may_edit, require_plan
from core.plans.models import (
    GoalStatus,
    GoalTerm,
    Plan,
    PlanGoal,
    PlanReview,
    PlanState,
    ReviewDecision,
)
from core.plans.smart import smart_parts
from core.privacy.screen import screen
from core.programs import PlanKind
from core.registry import Registry
from core.repository import add, find, remove

STATE = "CORE-PLAN-STATE"
GOALS = "CORE-PLAN-GOALS"
OWNER = "CORE-PLAN-OWNER"
PROGRAM_MANAGED = "CORE-PLAN-PROGRAM"
EDITABLE = (PlanState.DRAFT, PlanState.RETURNED)
TITLE_LENGTH = 200


def plan_kind(registry: Registry, plan: Plan) -> PlanKind:
    """The kind's declaration, by whose rules the plan is written; a plan of a program no
    longer enabled is refused as an unknown kind, never written by rules no one declares."""
    program_of(registry, plan.kind, registry.plan_kinds, "plan kind")
    return registry.plan_kinds[plan.kind]


def require_title(title: str) -> str:
    if not title.strip() or len(title.strip()) > TITLE_LENGTH:
        raise RuleViolation.single(
            INVALID,
            _("A plan has a title of at most {max} characters.", max=TITLE_LENGTH),
            "title",
        )
    return title.strip()


def stale(plan: Plan, version: int | None) -> RuleViolation:
    if plan.version != version:
        message = _(
            "{title} was changed by someone else since you read it (it is at version "
            "{version}); reload it and make your change again.",
            title=plan.title,
            version=plan.version,
        )
    else:
        message = _(
            "{title} was changed by someone else since you read it; "
            "reload it and make your change again.",
            title=plan.title,
        )
    return RuleViolation.single(CONFLICT, message, "version")


async def write(
    session: AsyncSession,
    plan: Plan,
    version: int | None,
    *,
    editor: int | None = None,
    **values: object,
) -> Plan:
    """The versioned write every change goes through (see the module's docstring), naming
    who made it (``editor``; None for a program's workflow)."""
    written = await repository.bump(session, plan.id, version, updated_by_id=editor, **values)
    if written is None:
        raise stale(plan, version)
    return written


async def _editable(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    plan_id: int,
    version: int,
    *,
    submitting: bool = False,
) -> Plan:
    """A plan the viewer may edit now (its writers, or a co-editor its kind names; submitting,
    a co-editor only where the kind lets them), at the version they read, of a kind core
    writes."""
    plan = await require_plan(session, viewer, plan_id, registry)
    if not await may_edit(session, viewer, plan):
        if not await co_edits(session, registry, viewer, plan):
            raise Forbidden()
        if submitting and not plan_kind(registry, plan).co_editors_submit:
            raise Forbidden(_("Only the plan's owner submits it; co-editors draft it with them."))
    _not_program_managed(registry, plan.kind)
    if plan.version != version:
        raise stale(plan, version)
    require_editable(plan)
    return plan


def _not_program_managed(registry: Registry, kind: str) -> None:
    declared = registry.plan_kinds.get(kind)
    if declared is not None and declared.program_managed:
        raise RuleViolation.single(
            PROGRAM_MANAGED,
            _("{kind} plans are written through their program.", kind=declared.title),
            "kind",
        )


async def _owner(
    session: AsyncSession,
    viewer: Viewer,
    kind: PlanKind,
    owner: tuple[str, int],
    program: str,
    organization_id: int | None,
) -> tuple[int, int | None, int | None]:
    """The plan's organization, owning person and owning group. A person writes their own
    plans in an organization of the program they belong to; a group's active members write
    its plans."""
    person_id = viewer.require_person()
    owner_type, pk = owner
    if owner_type != kind.owner.capitalize():
        owned_by = (
            _("A {kind} is owned by a group.", kind=kind.title)
            if kind.owner == "group"
            else _("A {kind} is owned by a person.", kind=kind.title)
        )
        raise RuleViolation.single(OWNER, owned_by, "ownerId")
    if owner_type == "Group":
        group = await require_visible(session, viewer, Group, pk)
        if not await repository.is_active_member(session, group.id, person_id):
            raise Forbidden()
        if group.program != program:
            raise RuleViolation.single(
                INVALID,
                _(
                    "{group} belongs to the program {program}.",
                    group=group.name,
                    program=group.program,
                ),
                "ownerId",
            )
        return group.organization_id, None, group.id
    if pk != person_id:
        raise Forbidden()
    if organization_id is None:
        raise RuleViolation.single(
            INVALID, _("Name the organization the plan is for."), "organizationId"
        )
    await find(session, Organization, organization_id, missing="organization")
    if not (viewer.is_platform_admin or viewer.belongs_to(organization_id, program)):
        raise Forbidden()
    return organization_id, person_id, None


async def create_plan(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    owner: tuple[str, int],
    kind: str,
    title: str,
    summary: str,
    organization_id: int | None,
    subject_id: int | None,
) -> Plan:
    """Start a draft plan of a kind an enabled program declared, for oneself or one's group."""
    screen(summary=summary)
    viewer.require_person()
    program = program_of(registry, kind, registry.plan_kinds, "plan kind")
    declared = registry.plan_kinds[kind]
    _not_program_managed(registry, kind)
    organization, person, group = await _owner(
        session, viewer, declared, owner, program, organization_id
    )
    plan = Plan(
        program=program,
        kind=kind,
        organization_id=organization,
        person_id=person,
        group_id=group,
        title=require_title(title),
        summary=summary.strip(),
        subject_id=subject_id,
        state=PlanState.DRAFT,
        version=1,
        created_by_id=viewer.person_id,
    )
    return await add(session, plan)


async def update_plan(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    plan_id: int,
    version: int,
    title: str,
    summary: str,
) -> Plan:
    screen(summary=summary)
    plan = await _editable(session, registry, viewer, plan_id, version)
    return await write(
        session,
        plan,
        version,
        editor=viewer.person_id,
        title=require_title(title),
        summary=summary.strip(),
    )


async def add_goal(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    plan_id: int,
    version: int,
    parts: dict[str, str],
    target_date: date,
    term: GoalTerm,
) -> tuple[PlanGoal, Plan]:
    plan = await _editable(session, registry, viewer, plan_id, version)
    kind = plan_kind(registry, plan)
    return await add_goal_to(
        session, kind, plan, version, parts, target_date, term, editor=viewer.person_id
    )


async def add_goal_to(
    session: AsyncSession,
    kind: PlanKind,
    plan: Plan,
    version: int | None,
    parts: dict[str, str],
    target_date: date,
    term: GoalTerm,
    *,
    editor: int | None = None,
) -> tuple[PlanGoal, Plan]:
    """A SMART goal added to a plan, raising its version (any, for a program's workflow)."""
    stated = smart_parts(kind, parts, target_date, term, utcnow().date())
    written = await write(session, plan, version, editor=editor)
    goal = PlanGoal(
        plan_id=plan.id, target_date=target_date, term=term, status=GoalStatus.ACTIVE, **stated
    )
    return await add(session, goal), written


async def _goal_and_plan(
    session: AsyncSession, registry: Registry, viewer: Viewer, goal_id: int, version: int
) -> tuple[PlanGoal, Plan]:
    goal = await find(session, PlanGoal, goal_id)
    if goal is None:
        raise hidden(viewer, "goal")
    return goal, await _editable(session, registry, viewer, goal.plan_id, version)


async def update_goal(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    goal_id: int,
    version: int,
    parts: dict[str, str],
    target_date: date,
    term: GoalTerm,
) -> tuple[PlanGoal, Plan]:
    goal, plan = await _goal_and_plan(session, registry, viewer, goal_id, version)
    stated = smart_parts(plan_kind(registry, plan), parts, target_date, term, utcnow().date())
    written = await write(session, plan, version, editor=viewer.person_id)
    for name, text in stated.items():
        setattr(goal, name, text)
    goal.target_date, goal.term = target_date, term
    await session.flush()
    return goal, written


async def remove_goal(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, goal_id: int, version: int
) -> Plan:
    goal, plan = await _goal_and_plan(session, registry, viewer, goal_id, version)
    written = await write(session, plan, version, editor=viewer.person_id)
    await remove(session, goal)
    return written


async def submit_plan(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, plan_id: int, version: int
) -> Plan:
    """Send a draft (or returned) plan for review, once it has the goals its kind needs."""
    plan = await _editable(session, registry, viewer, plan_id, version, submitting=True)
    return await submit_checked(session, registry, plan, version, editor=viewer.person_id)


def require_editable(plan: Plan) -> None:
    """Only a draft or a returned plan changes (CORE-PLAN-STATE)."""
    if plan.state not in EDITABLE:
        raise RuleViolation.single(
            STATE,
            _(
                "{title} is {state}: only a draft or returned plan changes.",
                title=plan.title,
                state=plan.state.value,
            ),
        )


async def submit_checked(
    session: AsyncSession,
    registry: Registry,
    plan: Plan,
    version: int | None,
    editor: int | None = None,
) -> Plan:
    """Submit an editable plan once it has the goals its kind needs (its kind's rule)."""
    require_editable(plan)
    kind = plan_kind(registry, plan)
    count = await repository.goal_count(session, plan.id)
    if count < max(kind.min_goals, 1):
        needed = max(kind.min_goals, 1)
        raise RuleViolation.single(
            kind.rule or GOALS,
            _n(
                "A {kind} has at least {needed} goal before it is submitted; it has {count}.",
                "A {kind} has at least {needed} goals before it is submitted; it has {count}.",
                needed,
                kind=kind.title,
                needed=needed,
                count=count,
            ),
        )
    return await write(
        session, plan, version, editor=editor, state=PlanState.SUBMITTED, submitted_at=utcnow()
    )


async def review_plan(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    plan_id: int,
    version: int,
    decision: ReviewDecision,
    comment: str,
) -> Plan:
    """Program staff of the plan's organization return a submitted plan with a comment (its
    writers edit it again) or accept it: final, and the program hears ``plan.accepted``."""
    screen(comment=comment)
    plan = await require_plan(session, viewer, plan_id)
    viewer.require_staff(plan.organization_id, plan.program)
    if plan.version != version:
        raise stale(plan, version)
    if plan.state != PlanState.SUBMITTED:
        raise RuleViolation.single(
            STATE,
            _(
                "{title} is {state}: only a submitted plan is reviewed.",
                title=plan.title,
                state=plan.state.value,
            ),
        )
    if decision == ReviewDecision.RETURNED and not comment.strip():
        raise RuleViolation.single(
            INVALID, _("Say what to change when returning a plan."), "comment"
        )
    accepted = decision == ReviewDecision.ACCEPTED
    written = await write(
        session,
        plan,
        version,
        editor=viewer.person_id,
        state=PlanState.ACCEPTED if accepted else PlanState.RETURNED,
        accepted_at=utcnow() if accepted else None,
    )
    review = PlanReview(
        plan_id=plan.id,
        reviewer_id=viewer.require_person(),
        decision=decision,
        comment=comment.strip(),
        plan_version=version,
    )
    await add(session, review)
    if accepted:
        event = Event(PLAN_ACCEPTED, plan.program, plan.id, plan.person_id)
        await emit(session, registry, event)
    return written
