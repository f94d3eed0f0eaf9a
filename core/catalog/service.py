"""Whether a person may take an action, asked ahead of the action itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.activities.models import Activity
from core.credits.service import award_params
from core.eligibility import Decision, check
from core.groups.capacity import join_params
from core.groups.models import Group
from core.people.models import Person
from core.registry import Registry

# Core objects that belong to one program: rules about them are that program's and core's, and
# they are told what the action itself tells them.
PROGRAM_OWNED: dict[str, tuple[type[Any], Callable[[Any], dict[str, str]]]] = {
    "Group": (Group, join_params),
    "Activity": (Activity, award_params),
}


async def eligibility(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    person_id: int,
    action: str,
    subject: tuple[str, int] | None,
) -> Decision:
    """Every rule's verdict on the person taking the action (to the subject, a typed key),
    for a viewer who may see both."""
    await require_visible(session, viewer, Person, person_id)
    program, params, subject_id = None, {}, None
    if subject is not None:
        subject_type, subject_id = subject
        if subject_type in PROGRAM_OWNED:
            model, describe = PROGRAM_OWNED[subject_type]
            row = await require_visible(session, viewer, model, subject_id)
            program, params = row.program, describe(row)
    return await check(
        session, registry, action, person_id, subject_id=subject_id, program=program, params=params
    )
