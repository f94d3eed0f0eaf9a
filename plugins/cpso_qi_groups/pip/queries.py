"""Queries of group PIPs and completion."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id
from plugins.cpso_qi_groups.pip import completion, service
from plugins.cpso_qi_groups.pip.types import (
    QigClaim,
    QigCompletion,
    QigPip,
    QigPipEligibility,
    QigQualityStatus,
)


@strawberry.type
class PipQuery:
    @strawberry.field(
        description="The group's PIP, for its members and CPSO staff; null before it is started.",
        extensions=requires(SignedIn()),
    )
    async def qig_pip(self, info: Info, group_id: strawberry.ID) -> QigPip | None:
        group = decode_id(group_id, "Group")
        async with info.context.db.read() as session:
            found = await service.pip(session, info.context.viewer, group_id=group)
        return None if found is None else QigPip.of(found)

    @strawberry.field(
        description="Whether the PIP may be submitted, and exactly who misses which activity "
        "(QIG-PIP, QIG-GOALS).",
        extensions=requires(SignedIn()),
    )
    async def qig_pip_eligibility(self, info: Info, group_id: strawberry.ID) -> QigPipEligibility:
        group = decode_id(group_id, "Group")
        async with info.context.db.read() as session:
            found = await service.eligibility(session, info.context.viewer, group_id=group)
        return QigPipEligibility.of(found)

    @strawberry.field(
        description="Until when a member met CPSO's quality requirement, and the credits to "
        "claim in Mainpro+ (QIG-COMPLETE): the member, or CPSO staff of their group.",
        extensions=requires(SignedIn()),
    )
    async def qig_quality_status(self, info: Info, person_id: strawberry.ID) -> QigQualityStatus:
        person = decode_id(person_id, "Person")
        async with info.context.db.read() as session:
            done, entries = await completion.quality_status(
                session, info.context.viewer, person_id=person
            )
        return QigQualityStatus(
            met_until=max((c.met_until for c in done), default=None),
            completions=[QigCompletion.from_row(c) for c in done],
            claims=[QigClaim.from_row(e) for e in entries],
            total=sum((e.amount for e in entries), Decimal(0)),
        )
