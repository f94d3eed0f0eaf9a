"""QIG-COMPLETE: when CPSO accepts a group's PIP (core's ``plan.accepted``), every active
member has met CPSO's quality requirement until the completion date plus the setting's years,
and is credited with CPSO's published values as achievement credits (no activity): 6 for each
of the Practice Profile, Self-Guided Chart Review and Data-Driven QI (the QI Survey earns
none; at most 18), 6 for the PIP, and 5 per Linking Learning exercise per PIP goal. Each
award is keyed, so handling the event twice changes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.credits.achievements import award_achievement
from core.credits.models import CreditEntry
from core.events import Event
from core.groups.models import Group
from core.people.models import Person
from core.plans.models import Plan
from core.registry import Registry
from core.repository import find
from plugins.cpso_qi_groups import ASSESSMENT, LINKING_LEARNING, PIP_CREDIT, PIP_KIND, SLUG
from plugins.cpso_qi_groups.activities import repository as activities
from plugins.cpso_qi_groups.groups import repository as groups
from plugins.cpso_qi_groups.models import Completion, QiActivity
from plugins.cpso_qi_groups.pip import repository

CREDITED = {
    QiActivity.PRACTICE_PROFILE: "Practice Profile",
    QiActivity.CHART_REVIEW: "Self-Guided Chart Review",
    QiActivity.DATA_DRIVEN_QI: "Data-Driven QI",
}


def plus_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def completion_years(registry: Registry) -> int:
    return registry.program(SLUG).settings.integer("completion_years")


async def on_pip_accepted(session: AsyncSession, registry: Registry, event: Event) -> None:
    """Record each active member's completion and award their credits."""
    plan = await find(session, Plan, event.subject_id, missing="plan")
    if plan.kind != PIP_KIND or plan.group_id is None or plan.accepted_at is None:
        return
    group = await find(session, Group, plan.group_id, missing="group")
    completed_on = plan.accepted_at.date()
    met_until = plus_years(completed_on, completion_years(registry))
    done = await activities.completed_by_group(session, [group.id])
    goals = await repository.goals(session, plan.id)
    for member in await groups.active_members(session, [group.id]):
        person = member.person_id
        await repository.complete(
            session,
            person_id=person,
            group_id=group.id,
            plan_id=plan.id,
            completed_on=completed_on,
            met_until=met_until,
        )
        awards = [
            (f"{ASSESSMENT}.{activity.value}", f"activity:{group.id}:{activity.value}", title)
            for activity, title in CREDITED.items()
            if activity in done.get((group.id, person), set())
        ]
        awards.append((PIP_CREDIT, f"pip:{plan.id}", "Group Practice Improvement Plan"))
        awards += [
            (LINKING_LEARNING, f"linking:{goal.id}", f"Linking Learning, PIP goal {n}")
            for n, (goal, _) in enumerate(goals, start=1)
        ]
        for kind, key, title in awards:
            await award_achievement(
                session,
                registry,
                program=SLUG,
                person_id=person,
                organization_id=group.organization_id,
                kind=kind,
                key=key,
                title=f"CPSO QI Groups: {title}",
                achieved_on=completed_on,
            )


async def quality_status(
    session: AsyncSession, viewer: Viewer, *, person_id: int
) -> tuple[list[Completion], list[CreditEntry]]:
    """Until when the person has met CPSO's quality requirement, and the credits they may
    claim in Mainpro+ with each statement: for the person, and CPSO staff of their groups."""
    viewer.require_person()
    await require_visible(session, viewer, Person, person_id)
    found = await repository.completions_of(session, person_id)
    if viewer.person_id != person_id:
        found = [(c, o) for c, o in found if viewer.is_staff(o[0], SLUG)]
        if not found:
            return [], []
    return [c for c, _ in found], await repository.credit_entries(session, person_id)
