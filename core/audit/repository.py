"""Statements of the audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_, select

from core.access import Viewer, audit_events_visible
from core.audit.models import AuditEvent
from core.keyset import Sort
from core.people.hierarchy import at_or_below
from core.people.models import Organization, RoleAssignment

NEWEST_FIRST = (Sort(AuditEvent.id, descending=True),)


def events(viewer: Viewer, organization_id: int | None, person_id: int | None) -> Select[Any]:
    """The events the viewer may see: of the people of one organization (it and those below,
    by whom or about whom), or about one person."""
    statement = select(AuditEvent.__table__).where(audit_events_visible(viewer))
    if organization_id is not None:
        reach = at_or_below(select(Organization.id).where(Organization.id == organization_id))
        people = select(RoleAssignment.person_id).where(
            RoleAssignment.organization_id.in_(select(reach.c.organization_id))
        )
        statement = statement.where(
            or_(AuditEvent.person_id.in_(people), AuditEvent.actor_id.in_(people))
        )
    if person_id is not None:
        statement = statement.where(AuditEvent.person_id == person_id)
    return statement
