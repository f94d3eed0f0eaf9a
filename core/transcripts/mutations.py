"""Mutations of a person's credit record: the cycle dates their College assigned, and the
credits they earned elsewhere."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.transcripts import cycles, external, imports
from core.transcripts.models import CycleKind
from core.transcripts.record_types import CreditCycle, ExternalCredit


@strawberry.input
class SetCreditCycleInput:
    person_id: strawberry.ID = node_id("Person")
    credit_system: str = strawberry.field(description="mainpro+ or rcpsc-moc (creditSystems).")
    starts_on: date = strawberry.field(description="The first day, as the College assigned it.")
    ends_on: date | None = strawberry.field(
        default=None, description="Left out: the system's cycle length from startsOn."
    )
    kind: CycleKind = CycleKind.REGULAR


@strawberry.type
class SetCreditCyclePayload(Payload):
    cycle: CreditCycle | None = None


@strawberry.input(description="A row of a College's list: whose cycle, by licence, on which dates.")
class ImportedCycleInput:
    licence_province: str = strawberry.field(description="Two letters, e.g. ON.")
    licence_number: str
    credit_system: str = strawberry.field(description="mainpro+ or rcpsc-moc (creditSystems).")
    starts_on: date
    ends_on: date | None = strawberry.field(
        default=None, description="Left out: the system's cycle length from startsOn."
    )
    kind: CycleKind = CycleKind.REGULAR


@strawberry.input
class ImportCreditCyclesInput:
    organization_id: strawberry.ID = node_id("Organization")
    cycles: list[ImportedCycleInput] = strawberry.field(
        description=f"At most {imports.MOST_ROWS} rows, for people holding a role in the "
        "organization or one below it."
    )


@strawberry.type
class ImportCreditCyclesPayload(Payload):
    cycles: list[CreditCycle] = strawberry.field(default_factory=list)


@strawberry.input
class RecordExternalCreditInput:
    earned_on: date
    provider: str = strawberry.field(description="Who provided the activity.")
    title: str
    credits: Decimal
    category: str = strawberry.field(
        description="A category of the credit system: certified, certified-assessment, "
        "non-certified (Mainpro+), section-1 to section-3 (MOC)."
    )
    hours: Decimal | None = None
    credit_system: str | None = strawberry.field(
        default=None, description="Left out: the system the physician follows."
    )
    note: str = ""


@strawberry.type
class RecordExternalCreditPayload(Payload):
    external_credit: ExternalCredit | None = None


@strawberry.input
class WithdrawExternalCreditInput:
    external_credit_id: strawberry.ID = node_id("ExternalCredit")


@strawberry.type
class TranscriptsMutation:
    @strawberry.mutation(
        description="Enter a person's cycle on the dates their College assigned: staff over the "
        "person enter any; a physician their own regular cycle. It replaces cycles it overlaps."
    )
    async def set_credit_cycle(
        self, info: Info, input: SetCreditCycleInput
    ) -> SetCreditCyclePayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            SetCreditCyclePayload,
            lambda s: cycles.set_credit_cycle(s, viewer, **values),
            lambda cycle: {"cycle": CreditCycle.from_row(cycle)},
        )

    @strawberry.mutation(
        description="Import the cycles a College assigned, from its list by licence: staff of "
        "the organization, all rows or none (each refused row's problems name it)."
    )
    async def import_credit_cycles(
        self, info: Info, input: ImportCreditCyclesInput
    ) -> ImportCreditCyclesPayload:
        values, viewer = decoded(input), info.context.viewer
        rows = [imports.ImportedCycle(**decoded(row)) for row in input.cycles]
        return await mutate(
            info,
            ImportCreditCyclesPayload,
            lambda s: imports.import_credit_cycles(s, viewer, **values | {"cycles": rows}),
            lambda recorded: {"cycles": [CreditCycle.from_row(c) for c in recorded]},
        )

    @strawberry.mutation(
        description="Record credit the signed-in physician earned outside peerlearn: "
        "self-reported, counted for their College, never in a program's caps."
    )
    async def record_external_credit(
        self, info: Info, input: RecordExternalCreditInput
    ) -> RecordExternalCreditPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            RecordExternalCreditPayload,
            lambda s: external.record_external_credit(s, viewer, **values),
            lambda row: {"external_credit": ExternalCredit.from_row(row)},
        )

    @strawberry.mutation(description="Withdraw a self-reported credit recorded in error.")
    async def withdraw_external_credit(
        self, info: Info, input: WithdrawExternalCreditInput
    ) -> RecordExternalCreditPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            RecordExternalCreditPayload,
            lambda s: external.withdraw_external_credit(s, viewer, **values),
            lambda row: {"external_credit": ExternalCredit.from_row(row)},
        )
