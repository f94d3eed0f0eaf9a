"""Programs' exports through ``register_exports``: Practising Well's report to OCFP and PSP's
provincial aggregate and payments due, each holding what its GraphQL field answers and refused
to whom that field refuses."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence

import pytest

from core import hookimpl
from core.exports.routes import exports
from core.i18n import _
from core.plugin_host import load_registry
from core.programs import ExportSpec, ProgramInfo
from core.registry import ProgramError
from core.settings import Settings
from tests.exports_support import download, records, refusal, table
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.psp_support import build_province, submit_action_plan
from tests.pw_factories import PwFactory
from tests.pw_support import PENDING, _ago, _attend, _call
from tests.qig_support import (
    Qig,
    qig_fixture,  # noqa: F401 (the fixture qig)
)

Clients = Callable[[int | str | None], GraphQLClient]
PW_REPORT = "ocfp_practising_well.pending-report"
PSP_AGGREGATE = "psp_sgls.aggregate"
PSP_PAYMENTS = "psp_sgls.payments-due"
QIG_GROUPS = "cpso_qi_groups.groups"


async def test_pw_report_to_ocfp_holds_the_pending_credit_report(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    for days in (30, 2):
        await _attend(
            staff, await _call(staff, organization, hours=1, day=_ago(days)), learner, "1"
        )
    listed = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]

    response = await download(staff, PW_REPORT, organizationId=organization)

    assert len(listed) == 2
    assert [
        [r["credit_entry_id"], r["learner_name"], r["earned_on"], r["credits"]]
        for r in records(response)
    ] == [[c["creditEntryId"], c["learnerName"], c["earnedOn"], c["credits"]] for c in listed]


async def test_pw_report_to_ocfp_is_for_the_programs_staff(
    pw: PwFactory, client_for: Clients
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    _, other_staff = await pw.ocfp()

    assert table(await download(staff, PW_REPORT, organizationId=organization))
    for client, expected in (
        (client_for(None), (401, "UNAUTHENTICATED")),
        (learner.client, (403, "FORBIDDEN")),
        (other_staff, (403, "FORBIDDEN")),
    ):
        assert refusal(await download(client, PW_REPORT, organizationId=organization)) == expected


async def test_psp_exports_hold_the_aggregate_and_the_payments_due(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    p = await build_province(gql, make, client_for)
    physician = await make.person(organization=p.division, givenName="=cmd|' /C calc'!A0")
    session = (await p.session())["session"]["id"]
    await p.seated(session, physician)
    await p.attend(session, physician)
    await submit_action_plan(p, session, physician)
    staff = client_for(p.staff)

    aggregate = table(await download(staff, PSP_AGGREGATE, organizationId=p.office))
    (due,) = records(await download(staff, PSP_PAYMENTS, organizationId=p.office))

    header, row = aggregate
    assert header[:3] == ["division", "series", "sessions"]
    assert header[-2:] == ["division_certificates", "division_funds_spent"]
    figures = dict(zip(header, row, strict=True))
    assert (figures["sessions"], figures["physicians"], figures["action_plans"]) == ("1", "1", "1")
    assert (due["session_id"], due["person_id"]) == (session, physician)
    assert due["name"].startswith("'=cmd|' /C calc'!A0 ")


@pytest.mark.parametrize("export", [PSP_AGGREGATE, PSP_PAYMENTS])
async def test_psp_exports_are_for_staff_over_the_organization(
    gql: GraphQLClient, make: Factory, client_for: Clients, export: str
) -> None:
    p = await build_province(gql, make, client_for)
    physician = await p.participant()

    allowed = await download(client_for(p.coordinator), export, organizationId=p.division)
    refused = [
        refusal(await download(client_for(person), export, organizationId=p.division))
        for person in (None, physician, p.other_coordinator)
    ]

    assert table(allowed)
    assert refused == [(401, "UNAUTHENTICATED"), (403, "FORBIDDEN"), (403, "FORBIDDEN")]


async def test_qig_groups_export_holds_each_groups_progress_for_cpso_staff(qig: Qig) -> None:
    group, _ = await qig.submitted(peers=1)

    response = await download(qig.staff, QIG_GROUPS, organizationId=qig.organization)
    refused = await download(group.lead[1], QIG_GROUPS, organizationId=qig.organization)

    (row,) = records(response)
    assert row["group_id"] == group.id
    assert (row["members"], row["members_completed"], row["pip_state"]) == ("2", "2", "submitted")
    assert refusal(refused) == (403, "FORBIDDEN")


class Misnamed:
    """A program declaring an export under ``name`` (core's own, unless told otherwise),
    wording ``headers`` for its one column."""

    def __init__(self, name: str = "roster", headers: tuple[str, ...] = ("Name",)) -> None:
        self.name, self.headers = name, headers

    @hookimpl
    def program_info(self) -> ProgramInfo:
        return ProgramInfo("misnamed", "Misnamed", "association", "1.0", graphql_prefix="mis")

    @hookimpl
    def register_exports(self) -> list[ExportSpec]:
        async def check(*_: object) -> None:
            raise AssertionError("never asked")

        def rows(*_: object) -> AsyncIterator[Sequence[object]]:
            raise AssertionError("never read")

        return [
            ExportSpec(
                name=self.name,
                title=lambda: _("Not core's roster"),
                columns=("name",),
                headers=lambda: tuple(_(h) for h in self.headers),
                check=check,
                rows=rows,
            )
        ]


def test_a_program_export_not_named_after_the_program_stops_startup() -> None:
    registry = load_registry(
        Settings(programs=("misnamed",), environ={}), extra_programs={"misnamed": Misnamed()}
    )

    with pytest.raises(ProgramError, match=r"'misnamed' declares export 'roster'"):
        exports(registry)


@pytest.mark.parametrize("headers", [(), ("Name", "Email")])
def test_an_export_wording_other_than_one_header_per_column_stops_startup(
    headers: tuple[str, ...],
) -> None:
    program = Misnamed("misnamed.people", headers)
    registry = load_registry(
        Settings(programs=("misnamed",), environ={}), extra_programs={"misnamed": program}
    )

    with pytest.raises(ProgramError, match=rf"{len(headers)} headers for 1 columns"):
        exports(registry)
