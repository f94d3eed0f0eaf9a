"""Mutations of a person's own notifications."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id
from core.notifications import service
from core.notifications.types import Notification


@strawberry.input
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] = strawberry.field(description="Notifications of the viewer's.")


@strawberry.type
class MarkNotificationsReadPayload(Payload):
    notifications: list[Notification] | None = None


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(
        description="Mark one's own notifications read (a read one keeps its time); any that "
        "is someone else's refuses all (FORBIDDEN), and nothing is marked."
    )
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        ids, viewer = [decode_id(i, "Notification") for i in input.ids], info.context.viewer
        return await mutate(
            info,
            MarkNotificationsReadPayload,
            lambda s: service.mark_read(s, viewer, ids),
            lambda rows: {"notifications": [Notification.from_row(r) for r in rows]},
        )
