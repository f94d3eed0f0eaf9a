"""Mutations of learner accounts: applying, staff's decision, the reporting preference."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from plugins.ocfp_practising_well.accounts import service
from plugins.ocfp_practising_well.accounts.types import PwLearner, PwReportingPreference, PwTopic


@strawberry.input
class PwApplyInput:
    organization_id: strawberry.ID = node_id("Organization")
    topic_areas: list[PwTopic]
    reporting: PwReportingPreference = PwReportingPreference.CERTIFICATE


@strawberry.type
class PwLearnerPayload(Payload):
    learner: PwLearner | None = None


@strawberry.input
class PwDecideApplicationInput:
    account_id: strawberry.ID = node_id(
        "PwLearner",
        description="The PwLearner account (elsewhere `learnerId` names the learner's Person).",
    )
    approve: bool
    note: str | None = None


@strawberry.input
class PwSetReportingPreferenceInput:
    reporting: PwReportingPreference


def learner(row: object) -> dict[str, PwLearner]:
    """The payload of every mutation that changes an account (withdrawal's too)."""
    return {"learner": PwLearner.from_row(row)}


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Apply for a learner account (PW-ACCOUNT).")
    async def pw_apply(self, info: Info, input: PwApplyInput) -> PwLearnerPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwLearnerPayload,
            lambda s: service.apply(s, context.registry, context.viewer, **values),
            learner,
        )

    @strawberry.mutation(description="Staff approve or decline an application; it notifies.")
    async def pw_decide_application(
        self, info: Info, input: PwDecideApplicationInput
    ) -> PwLearnerPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwLearnerPayload,
            lambda s: service.decide(s, context.registry, context.viewer, **values),
            learner,
        )

    @strawberry.mutation(description="Choose how credits reach Mainpro+ (PW-REPORTING).")
    async def pw_set_reporting_preference(
        self, info: Info, input: PwSetReportingPreferenceInput
    ) -> PwLearnerPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info, PwLearnerPayload, lambda s: service.set_reporting(s, viewer, **values), learner
        )
