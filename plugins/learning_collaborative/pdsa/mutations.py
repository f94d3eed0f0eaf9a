"""Mutations of PDSA cycles."""

from __future__ import annotations

from datetime import date

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id, decoded, node_id
from plugins.learning_collaborative.pdsa import service, spread
from plugins.learning_collaborative.pdsa.types import LcDecision, LcPdsaCycle, LcSpread


@strawberry.input
class LcStartPdsaCycleInput:
    team_id: strawberry.ID = node_id("Group")
    change_idea: str
    prediction: str
    plan: str
    started_on: date
    measure_ids: list[strawberry.ID]


@strawberry.input
class LcFinishPdsaCycleInput:
    cycle_id: strawberry.ID = node_id("LcPdsaCycle")
    done: str
    learned: str
    decision: LcDecision
    ended_on: date


@strawberry.type
class LcPdsaCyclePayload(Payload):
    cycle: LcPdsaCycle | None = None


@strawberry.input
class LcRecordSpreadInput:
    cycle_id: strawberry.ID = node_id("LcPdsaCycle")
    spread_to: str = strawberry.field(description="Who else took the change up.")
    how: str
    spread_on: date


@strawberry.type
class LcSpreadPayload(Payload):
    spread: LcSpread | None = None


def _measure_pks(ids: list[strawberry.ID]) -> list[int]:
    return [decode_id(i, "Measure") for i in ids]


@strawberry.type
class PdsaMutation:
    @strawberry.mutation(
        description="Plan a PDSA cycle: change idea, prediction, plan, linked charter measures "
        "(LC-ACTION-PERIOD; the team's people or coach)."
    )
    async def lc_start_pdsa_cycle(
        self, info: Info, input: LcStartPdsaCycleInput
    ) -> LcPdsaCyclePayload:
        values, viewer = decoded(input), info.context.viewer
        values["measure_ids"] = _measure_pks(input.measure_ids)
        return await mutate(
            info,
            LcPdsaCyclePayload,
            lambda s: service.start_cycle(s, viewer, **values),
            lambda cycle: {"cycle": LcPdsaCycle.of(cycle)},
        )

    @strawberry.mutation(
        description="Record what was done and learned and decide: adopt, adapt or abandon "
        "(LC-ACTION-PERIOD; once)."
    )
    async def lc_finish_pdsa_cycle(
        self, info: Info, input: LcFinishPdsaCycleInput
    ) -> LcPdsaCyclePayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            LcPdsaCyclePayload,
            lambda s: service.finish_cycle(s, viewer, **values),
            lambda cycle: {"cycle": LcPdsaCycle.of(cycle)},
        )

    @strawberry.mutation(
        description="Record where an adopted change spread and how (LC-SPREAD; the team's "
        "people or coach)."
    )
    async def lc_record_spread(self, info: Info, input: LcRecordSpreadInput) -> LcSpreadPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            LcSpreadPayload,
            lambda s: spread.record_spread(s, viewer, **values),
            lambda row: {"spread": LcSpread.of(row)},
        )
