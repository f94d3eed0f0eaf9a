"""Root field of the audit trail."""

from __future__ import annotations

import strawberry

from core.audit import repository
from core.audit.types import AuditEvent
from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.relay import decode_id


@strawberry.type
class AuditQuery:
    @connection(
        AuditEvent,
        description="The audit trail, newest first: what was done to your record and who read "
        "your transcript; for staff, the same of their organization's people (organizationId: "
        "of one organization and those below; personId: about one person).",
    )
    async def audit_events(
        self,
        info: Info,
        organization_id: strawberry.ID | None = None,
        person_id: strawberry.ID | None = None,
    ) -> Rows[AuditEvent]:
        viewer = info.context.viewer
        viewer.require_person()
        organization = None
        if organization_id is not None:
            organization = decode_id(organization_id, "Organization")
            viewer.require_staff_in(organization)
        person = decode_id(person_id, "Person") if person_id is not None else None
        statement = repository.events(viewer, organization, person)
        return Rows(statement, AuditEvent.from_row, repository.NEWEST_FIRST)
