"""A person's credit cycles on the dates their College assigned: entered by staff over the person
(source STAFF) or by the physician (SELF, their own regular cycle only), imported in bulk from a
College's list by licence (IMPORT, all rows or none), each replacing the cycles it overlaps."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.exports_support import staff
from tests.factories import CREATE_ORGANIZATION, Factory, unique
from tests.graphql_client import GraphQLClient
from tests.organization_hierarchy_support import error_code

Clients = Callable[[int | str | None], GraphQLClient]

CYCLE_FIELDS = "id creditSystem kind startsOn endsOn source setById"

SET_CYCLE = f"""
mutation($input: SetCreditCycleInput!) {{
  setCreditCycle(input: $input) {{ cycle {{ {CYCLE_FIELDS} }} errors {{ code field message }} }}
}}"""

IMPORT_CYCLES = f"""
mutation($input: ImportCreditCyclesInput!) {{
  importCreditCycles(input: $input) {{
    cycles {{ {CYCLE_FIELDS} }} errors {{ code field message }}
  }}
}}"""

CYCLES = f"""
query($id: ID!) {{ node(id: $id) {{ ... on Person {{ creditCycles {{ {CYCLE_FIELDS} }} }} }} }}"""

MAINPRO = "mainpro+"
MOC = "rcpsc-moc"


@dataclass(frozen=True)
class Site:
    """An organization with a coordinator (for every program) and a family physician."""

    organization: str
    coordinator: str
    physician: str
    licence: str
    staff: GraphQLClient
    own: GraphQLClient


async def _site(gql: GraphQLClient, make: Factory, client_for: Clients) -> Site:
    organization = await make.organization()
    coordinator = await staff(gql, make, organization, None)
    licence = unique("CPSO").replace(" ", "-")
    physician = await make.person(organization=organization, licenceNumber=licence)
    return Site(
        organization,
        coordinator,
        physician,
        licence,
        client_for(coordinator),
        client_for(physician),
    )


async def _cycles(client: GraphQLClient, person: str) -> list[dict[str, Any]]:
    return (await client.data(CYCLES, {"id": person}))["node"]["creditCycles"]


def _row(licence: str, starts_on: str, **fields: Any) -> dict[str, Any]:
    return {
        "licenceProvince": "ON",
        "licenceNumber": licence,
        "creditSystem": MAINPRO,
        "startsOn": starts_on,
        **fields,
    }


def _refusals(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def test_core_cycle_staff_enter_a_cycle_as_staff_with_who_set_it(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    site = await _site(gql, make, client_for)

    payload = await site.staff.mutate(
        SET_CYCLE, personId=site.physician, creditSystem=MAINPRO, startsOn="2024-01-01"
    )

    cycle = payload["cycle"]
    assert (cycle["source"], cycle["setById"]) == ("STAFF", site.coordinator)
    assert (cycle["kind"], cycle["startsOn"], cycle["endsOn"]) == (
        "REGULAR",
        "2024-01-01",
        "2028-12-31",
    )
    assert await _cycles(site.own, site.physician) == [cycle]


async def test_core_cycle_physician_enters_their_own_regular_cycle_as_self(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    site = await _site(gql, make, client_for)

    payload = await site.own.mutate(
        SET_CYCLE,
        personId=site.physician,
        creditSystem=MAINPRO,
        startsOn="2023-07-01",
        endsOn="2028-06-30",
    )

    cycle = payload["cycle"]
    assert (cycle["source"], cycle["setById"]) == ("SELF", site.physician)
    assert await _cycles(site.staff, site.physician) == [cycle]


@pytest.mark.parametrize(
    ("change", "field"),
    [({"kind": "REMEDIAL"}, "kind"), ({"creditSystem": MOC}, "creditSystem")],
    ids=["remedial", "another-system"],
)
async def test_core_cycle_staff_decide_a_physicians_system_and_remedial_cycle(
    gql: GraphQLClient, make: Factory, client_for: Clients, change: dict[str, str], field: str
) -> None:
    site = await _site(gql, make, client_for)
    values = {"personId": site.physician, "creditSystem": MAINPRO, "startsOn": "2024-01-01"}

    payload = await site.own.payload(SET_CYCLE, **values | change)

    assert _refusals(payload) == [("CORE-CYCLE-STAFF", field)]
    assert payload["cycle"] is None
    assert await _cycles(site.own, site.physician) == []


async def test_core_cycle_another_physician_may_not_set_someones_cycle(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    site = await _site(gql, make, client_for)
    colleague = await make.person(organization=site.organization)

    body = await client_for(colleague).execute(
        SET_CYCLE,
        {"input": {"personId": site.physician, "creditSystem": MAINPRO, "startsOn": "2024-01-01"}},
    )

    assert error_code(body) == "FORBIDDEN"
    assert await _cycles(site.staff, site.physician) == []


@pytest.mark.parametrize(
    ("dates", "code", "field"),
    [
        ({"startsOn": "2024-01-01", "endsOn": "2023-12-31"}, "CORE-CYCLE-DATES", "endsOn"),
        ({"startsOn": "2024-01-01", "endsOn": "2024-01-01"}, "CORE-CYCLE-DATES", "endsOn"),
        ({"startsOn": "2024-01-01", "endsOn": "2030-01-01"}, "CORE-CYCLE-DATES", "endsOn"),
        ({"startsOn": "1899-12-31"}, "CORE-CYCLE-DATES", "startsOn"),
        ({"startsOn": "2101-01-01"}, "CORE-CYCLE-DATES", "startsOn"),
        ({"startsOn": "2024-01-01", "creditSystem": "cme-us"}, "CORE-CYCLE-SYSTEM", "creditSystem"),
        (
            {"startsOn": "2024-01-01", "creditSystem": MOC, "kind": "REMEDIAL"},
            "CORE-CYCLE-SYSTEM",
            "kind",
        ),
    ],
    ids=[
        "end-before-start",
        "end-on-start",
        "more-than-a-year-too-long",
        "start-too-early",
        "start-too-late",
        "unknown-system",
        "system-without-remedial-cycle",
    ],
)
async def test_core_cycle_dates_and_system_refused_with_their_field(
    gql: GraphQLClient,
    make: Factory,
    client_for: Clients,
    dates: dict[str, str],
    code: str,
    field: str,
) -> None:
    site = await _site(gql, make, client_for)

    payload = await site.staff.payload(
        SET_CYCLE, **{"personId": site.physician, "creditSystem": MAINPRO} | dates
    )

    assert _refusals(payload) == [(code, field)]
    assert await _cycles(site.staff, site.physician) == []


async def test_core_cycle_entered_over_an_overlapping_one_replaces_it(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    site = await _site(gql, make, client_for)
    enter = site.staff.mutate
    earlier = (
        await enter(SET_CYCLE, personId=site.physician, creditSystem=MAINPRO, startsOn="2014-01-01")
    )["cycle"]
    await enter(SET_CYCLE, personId=site.physician, creditSystem=MAINPRO, startsOn="2019-01-01")

    moved = await site.own.mutate(
        SET_CYCLE, personId=site.physician, creditSystem=MAINPRO, startsOn="2020-07-01"
    )

    assert await _cycles(site.own, site.physician) == [earlier, moved["cycle"]]


async def test_core_cycle_concurrent_entries_for_one_person_leave_one_in_force(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    site = await _site(gql, make, client_for)

    payloads = await asyncio.gather(
        *(
            site.staff.mutate(
                SET_CYCLE, personId=site.physician, creditSystem=MAINPRO, startsOn=start
            )
            for start in ("2020-01-01", "2021-01-01")
        )
    )

    entered = {p["cycle"]["id"] for p in payloads}
    (in_force,) = await _cycles(site.staff, site.physician)
    assert in_force["id"] in entered


async def test_core_cycle_import_records_each_row_as_imported_by_the_staff_member(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    site = await _site(gql, make, client_for)
    division = (
        await gql.mutate(
            CREATE_ORGANIZATION,
            name=unique("Division"),
            kind="division",
            parentId=site.organization,
        )
    )["organization"]["id"]
    specialist_licence = unique("RC").replace(" ", "-")
    specialist = await make.person(
        "SPECIALIST", organization=division, licenceNumber=specialist_licence
    )

    payload = await site.staff.mutate(
        IMPORT_CYCLES,
        organizationId=site.organization,
        cycles=[
            _row(site.licence, "2019-01-01", endsOn="2023-12-31"),
            _row(site.licence, "2024-01-01", kind="REMEDIAL"),
            _row(f" {specialist_licence} ", "2022-07-01", creditSystem=MOC, licenceProvince="on"),
        ],
    )

    cycles = payload["cycles"]
    assert [(c["source"], c["setById"]) for c in cycles] == [("IMPORT", site.coordinator)] * 3
    assert [(c["kind"], c["startsOn"], c["endsOn"]) for c in cycles] == [
        ("REGULAR", "2019-01-01", "2023-12-31"),
        ("REMEDIAL", "2024-01-01", "2025-12-31"),
        ("REGULAR", "2022-07-01", "2027-06-30"),
    ]
    assert await _cycles(site.own, site.physician) == cycles[:2]
    assert await _cycles(site.staff, specialist) == cycles[2:]


async def test_core_cycle_import_is_all_or_nothing_naming_each_rows_problem(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    site = await _site(gql, make, client_for)
    elsewhere = unique("CPSO").replace(" ", "-")
    await make.person(licenceNumber=elsewhere)

    payload = await site.staff.payload(
        IMPORT_CYCLES,
        organizationId=site.organization,
        cycles=[
            _row(site.licence, "2019-01-01"),
            _row(elsewhere, "2019-01-01"),
            _row(site.licence, "2024-01-01", endsOn="2023-01-01"),
            _row(site.licence, "2030-01-01", creditSystem="cme-us"),
            _row(site.licence, "2021-01-01"),
            _row(site.licence, "2030-01-01", licenceProvince="QC"),
        ],
    )

    assert _refusals(payload) == [
        ("CORE-CYCLE-IMPORT", "cycles.1.licenceNumber"),
        ("CORE-CYCLE-DATES", "cycles.2.endsOn"),
        ("CORE-CYCLE-SYSTEM", "cycles.3.creditSystem"),
        ("CORE-CYCLE-IMPORT", "cycles.4.startsOn"),
        ("CORE-CYCLE-IMPORT", "cycles.5.licenceNumber"),
    ]
    assert payload["cycles"] == []
    assert await _cycles(site.staff, site.physician) == []


async def test_core_cycle_import_refuses_more_rows_than_one_request_holds(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    site = await _site(gql, make, client_for)
    rows = [_row(site.licence, f"{1950 + i % 100}-01-01") for i in range(1001)]

    payload = await site.staff.payload(IMPORT_CYCLES, organizationId=site.organization, cycles=rows)

    assert _refusals(payload) == [("CORE-CYCLE-IMPORT", "cycles")]
    assert await _cycles(site.staff, site.physician) == []


async def test_core_cycle_import_by_another_organizations_staff_is_forbidden(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    site = await _site(gql, make, client_for)
    other = await make.organization()
    outsider = client_for(await staff(gql, make, other, None))
    rows = [_row(site.licence, "2024-01-01")]

    into_theirs = await outsider.execute(
        IMPORT_CYCLES, {"input": {"organizationId": site.organization, "cycles": rows}}
    )
    into_own = await outsider.payload(IMPORT_CYCLES, organizationId=other, cycles=rows)

    assert error_code(into_theirs) == "FORBIDDEN"
    assert _refusals(into_own) == [("CORE-CYCLE-IMPORT", "cycles.0.licenceNumber")]
    assert await _cycles(site.staff, site.physician) == []
