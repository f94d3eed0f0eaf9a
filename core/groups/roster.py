"""Who sees which places of a group, and in what order the waitlist stands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from core.access import Viewer
from core.groups.models import MembershipRole, MembershipStatus

P = TypeVar("P")


def shown_places(
    viewer: Viewer,
    group: Any,
    places: Sequence[tuple[Any, P]],
    status: MembershipStatus | None,
) -> list[tuple[Any, P]]:
    """The places of ``group`` (membership rows, each with what came with it) the viewer sees,
    of one status when given: staff and the group's active facilitators and leads see
    everyone, anyone else their own place. A waitlist is shown first come, first served."""
    sees_all = viewer.is_staff(group.organization_id, group.program) or any(
        m.person_id == viewer.person_id
        and m.role in (MembershipRole.FACILITATOR, MembershipRole.LEAD)
        and m.status == MembershipStatus.ACTIVE
        for m, _ in places
    )
    chosen = [
        (m, extra)
        for m, extra in places
        if (status is None or m.status == status) and (sees_all or m.person_id == viewer.person_id)
    ]
    if status == MembershipStatus.WAITLISTED:
        chosen.sort(key=lambda place: (place[0].waitlisted_at, place[0].id))
    return chosen
