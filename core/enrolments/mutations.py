"""Mutations of enrolments: asking to join, staff's decision, withdrawing, closing."""

from __future__ import annotations

import strawberry

from core.enrolments import service as enrolments
from core.enrolments.types import Enrolment
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id


@strawberry.input
class RequestEnrolmentInput:
    program: str
    organization_id: strawberry.ID = node_id("Organization")


@strawberry.input
class DecideEnrolmentInput:
    enrolment_id: strawberry.ID = node_id("Enrolment")
    approve: bool
    reason: str | None = strawberry.field(default=None, description="Told to the person.")


@strawberry.input
class EndEnrolmentInput:
    enrolment_id: strawberry.ID = node_id("Enrolment")
    reason: str | None = None


@strawberry.type
class EnrolmentPayload(Payload):
    enrolment: Enrolment | None = None


def _shown(row: object) -> dict[str, Enrolment]:
    return {"enrolment": Enrolment.from_row(row)}


@strawberry.type
class EnrolmentsMutation:
    @strawberry.mutation(
        description="Ask to join a program in an organization; one open enrolment per program "
        "(CORE-ENROLMENT-OPEN)."
    )
    async def request_enrolment(self, info: Info, input: RequestEnrolmentInput) -> EnrolmentPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            EnrolmentPayload,
            lambda s: enrolments.request(s, context.registry, context.viewer, **values),
            _shown,
        )

    @strawberry.mutation(description="The program's staff approve or decline a request.")
    async def decide_enrolment(self, info: Info, input: DecideEnrolmentInput) -> EnrolmentPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            EnrolmentPayload,
            lambda s: enrolments.decide(s, context.registry, context.viewer, **values),
            _shown,
        )

    @strawberry.mutation(
        description="Leave a program (or staff record it): open due items are cancelled."
    )
    async def withdraw_enrolment(self, info: Info, input: EndEnrolmentInput) -> EnrolmentPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            EnrolmentPayload,
            lambda s: enrolments.withdraw(s, context.registry, context.viewer, **values),
            _shown,
        )

    @strawberry.mutation(
        description="The program's staff close an approved enrolment: open due items are cancelled."
    )
    async def close_enrolment(self, info: Info, input: EndEnrolmentInput) -> EnrolmentPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            EnrolmentPayload,
            lambda s: enrolments.close(s, context.registry, context.viewer, **values),
            _shown,
        )
