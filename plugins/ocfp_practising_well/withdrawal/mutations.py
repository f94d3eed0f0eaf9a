"""The mutation by which a learner leaves the program, or staff record it."""

from __future__ import annotations

import strawberry

from core.graphql.context import Info
from core.graphql.errors import mutate
from core.graphql.relay import decoded, node_id
from plugins.ocfp_practising_well.accounts.mutations import PwLearnerPayload, learner
from plugins.ocfp_practising_well.withdrawal import service


@strawberry.input
class PwWithdrawAccountInput:
    account_id: strawberry.ID | None = node_id(
        "PwLearner",
        optional=True,
        description="The PwLearner account staff withdraw; leave out to withdraw your own.",
    )
    reason: str | None = None


@strawberry.type
class WithdrawalMutation:
    @strawberry.mutation(
        description="A learner leaves the program, or staff record it (PW-ACCOUNT): matches "
        "end, requests close, open progress surveys close; they may apply again."
    )
    async def pw_withdraw_account(
        self, info: Info, input: PwWithdrawAccountInput
    ) -> PwLearnerPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwLearnerPayload,
            lambda s: service.withdraw(s, context.registry, context.viewer, **values),
            learner,
        )
