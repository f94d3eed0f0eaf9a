"""Root fields about what this server runs: its programs, and what their rules would say."""

from __future__ import annotations

import strawberry

from core.catalog import service
from core.catalog.types import Decision, Program
from core.graphql.context import Info
from core.graphql.relay import Node, NoSuchId, decode_id, from_global_id
from core.registry import CORE_SLUG


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="Fetch any object by its global ID.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        try:
            type_name, pk = from_global_id(id)
        except NoSuchId:
            return None
        resolver = info.context.node_resolvers.get(type_name)
        if resolver is None:
            return None
        (found,) = await resolver(info.context, [pk])
        return found

    @strawberry.field(description="The programs enabled on this server.")
    def programs(self, info: Info) -> list[Program]:
        return [
            Program.from_declared(p) for p in info.context.registry.programs if p.slug != CORE_SLUG
        ]

    @strawberry.field(
        description="Whether a person may take an action now, with every rule's reason. "
        "Ask before offering the action; the mutation returns the same codes if refused."
    )
    async def eligibility(
        self,
        info: Info,
        person_id: strawberry.ID,
        action: str,
        subject_id: strawberry.ID | None = None,
    ) -> Decision:
        person = decode_id(person_id, "Person")
        subject = from_global_id(subject_id) if subject_id else None
        context = info.context
        async with context.db.read() as session:
            value = await service.eligibility(
                session,
                context.registry,
                context.viewer,
                person_id=person,
                action=action,
                subject=subject,
            )
        return Decision.from_value(value)

    @strawberry.field(description="Actions that eligibility rules govern, for `eligibility`.")
    def eligibility_actions(self, info: Info) -> list[str]:
        return info.context.registry.actions
