"""CSV exports for staff (``/exports/<name>.csv``): what each holds, that a spreadsheet opening
one runs no formula a person typed, and that each is refused exactly as the same data is
through GraphQL."""

from __future__ import annotations

import pytest

from core.graphql.relay import MAX_PK, to_global_id
from tests.exports_support import (
    Clients,
    download,
    records,
    refusal,
    site,
    staff,
    table,
)
from tests.factories import Factory
from tests.graphql_client import GraphQLClient

ORG = "organizationId"
ROSTER_HEADER = [
    "given_name",
    "family_name",
    "email",
    "profession",
    "licence_number",
    "groups",
]


async def test_roster_lists_people_with_groups_and_credits_per_program(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    place = await site(gql, make, givenName="Hélène", familyName="Bédard")

    response = await download(client_for(place.coordinator), "roster", **{ORG: place.organization})

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="roster.csv"'
    assert response.headers["cache-control"] == "private, no-store"
    header = table(response)[0]
    assert header[: len(ROSTER_HEADER)] == ROSTER_HEADER
    assert "credits_example" in header
    (row,) = [r for r in records(response) if r["family_name"] == "Bédard"]
    assert row["given_name"] == "Hélène"
    assert row["profession"] == "family_physician"
    assert row["groups"].startswith("Group ")
    assert row["credits_example"] == "6.00"


async def test_roster_leaves_credits_of_programs_the_coordinator_does_not_run_empty(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    place = await site(gql, make)
    other_program = await staff(gql, make, place.organization, "psp_sgls")

    response = await download(client_for(other_program), "roster", **{ORG: place.organization})

    (row,) = [r for r in records(response) if r["email"] and r["licence_number"]]
    assert row["credits_example"] == ""
    assert row["credits_psp_sgls"] == "0.00"


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1", "-2", "@SUM(A1:A2)"]


@pytest.mark.parametrize("name", FORMULAS)
async def test_a_name_that_would_start_a_formula_is_quoted(
    gql: GraphQLClient, make: Factory, client_for: Clients, name: str
) -> None:
    place = await site(gql, make, familyName=name)

    response = await download(client_for(place.coordinator), "roster", **{ORG: place.organization})

    family_names = [r["family_name"] for r in records(response)]
    assert "'" + name in family_names
    assert name not in family_names


@pytest.mark.parametrize("text", [*FORMULAS, "\tcmd", "\rcmd"])
async def test_a_program_export_quotes_text_that_would_start_a_formula(
    gql: GraphQLClient, make: Factory, client_for: Clients, text: str
) -> None:
    """A note keeps leading tabs and carriage returns a name loses when it is trimmed."""
    place = await site(gql, make)
    await _note(client_for(place.physician), place.physician, text)

    response = await download(
        client_for(place.physician), "example.notes", personId=place.physician
    )

    assert [r["text"] for r in records(response)] == ["'" + text]


async def _note(client: GraphQLClient, person: str, text: str) -> None:
    await client.mutate(
        "mutation($input: ExAddNoteInput!) { exAddNote(input: $input) { errors { code } } }",
        personId=person,
        text=text,
    )


async def test_numbers_stay_numbers_even_when_negative(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    place = await site(gql, make)
    coordinator = client_for(place.coordinator)
    await gql.mutate(
        "mutation($input: ReverseCreditEntryInput!) { reverseCreditEntry(input: $input) "
        "{ errors { code } } }",
        entryId=(await _entries(gql, place.physician))[0],
        reason="Recorded twice.",
    )

    response = await download(
        coordinator, "pending-credits", **{ORG: place.organization, "program": "example"}
    )

    assert sorted(r["credits"] for r in records(response)) == ["-6.00", "6.00"]


async def _entries(gql: GraphQLClient, person: str) -> list[str]:
    data = await gql.data(
        'query($id: ID!) { transcript(personId: $id, cycleStart: "2023-07-01") '
        "{ entries { nodes { id } } } }",
        {"id": person},
    )
    return [e["id"] for e in data["transcript"]["entries"]["nodes"]]


async def test_attendance_lists_who_attended_within_the_dates(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    place = await site(gql, make)
    coordinator = client_for(place.coordinator)

    within = await download(
        coordinator, "attendance", **{ORG: place.organization, "from": "2024-03-01"}
    )
    after = await download(
        coordinator, "attendance", **{ORG: place.organization, "from": "2024-03-02"}
    )

    (row,) = records(within)
    assert (row["held_on"], row["program"], row["hours"]) == ("2024-03-01", "example", "2.00")
    assert row["activity"].startswith("Workshop ")
    assert records(after) == []


async def test_pending_credits_lists_the_programs_credits_not_yet_reported(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    place = await site(gql, make)

    response = await download(
        client_for(place.coordinator),
        "pending-credits",
        **{ORG: place.organization, "program": "example"},
    )

    (row,) = records(response)
    assert row["credit_entry_id"] == (await _entries(gql, place.physician))[0]
    assert (row["earned_on"], row["activity_kind"], row["credits"]) == (
        "2024-03-01",
        "example.workshop",
        "6.00",
    )


EXPORTS = {
    "roster": {},
    "attendance": {"program": "example"},
    "pending-credits": {"program": "example"},
}
CALLERS = {
    "anonymous": (401, "UNAUTHENTICATED"),
    "physician": (403, "FORBIDDEN"),
    "other organization's staff": (403, "FORBIDDEN"),
    "other program's staff": (403, "FORBIDDEN"),
    "staff": (200, None),
    "platform admin": (200, None),
}


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("caller", CALLERS)
async def test_exports_are_refused_as_the_same_data_is_in_graphql(
    gql: GraphQLClient,
    make: Factory,
    client_for: Clients,
    platform_admin: int,
    export: str,
    caller: str,
) -> None:
    place = await site(gql, make)
    people = {
        "anonymous": None,
        "physician": place.physician,
        "other organization's staff": place.stranger,
        "other program's staff": await staff(gql, make, place.organization, "psp_sgls"),
        "staff": place.coordinator,
        "platform admin": platform_admin,
    }
    expected = CALLERS[caller]
    if caller == "other program's staff" and export == "roster":
        expected = (200, None)  # staff of the organization, who see its people

    response = await download(
        client_for(people[caller]), export, **{ORG: place.organization, **EXPORTS[export]}
    )

    if expected[0] == 200:
        assert table(response)
    else:
        assert refusal(response) == expected


@pytest.mark.parametrize(
    ("export", "params"),
    [
        ("roster", {ORG: ""}),
        ("roster", {ORG: "not-an-id"}),
        ("attendance", {"from": "first of March"}),
        ("attendance", {"program": "no_such_program"}),
        ("pending-credits", {"program": ""}),
    ],
)
async def test_a_parameter_that_cannot_be_read_is_invalid(
    gql: GraphQLClient,
    make: Factory,
    client_for: Clients,
    export: str,
    params: dict[str, str],
) -> None:
    place = await site(gql, make)

    response = await download(
        client_for(place.coordinator), export, **{ORG: place.organization, **params}
    )

    assert refusal(response) == (400, "INVALID")


async def test_an_organization_id_that_is_another_kind_of_object_is_invalid(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    place = await site(gql, make)

    response = await download(client_for(place.coordinator), "roster", **{ORG: place.physician})

    assert refusal(response) == (400, "INVALID")


async def test_an_unknown_organization_is_not_found_only_by_a_platform_admin(
    gql: GraphQLClient, make: Factory, client_for: Clients, platform_admin: int
) -> None:
    place = await site(gql, make)
    nowhere = to_global_id("Organization", MAX_PK)

    admin = await download(client_for(platform_admin), "roster", **{ORG: nowhere})
    coordinator = await download(client_for(place.coordinator), "roster", **{ORG: nowhere})

    assert refusal(admin) == (404, "NOT_FOUND")
    assert refusal(coordinator) == (403, "FORBIDDEN")


async def test_an_unknown_export_is_not_found(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    place = await site(gql, make)

    response = await download(client_for(place.coordinator), "payroll")

    assert refusal(response) == (404, "NOT_FOUND")


async def test_a_program_export_is_refused_as_its_graphql_field_is(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    place = await site(gql, make)
    await _note(client_for(place.physician), place.physician, "A plan")

    own = await download(client_for(place.physician), "example.notes", personId=place.physician)
    stranger = await download(client_for(place.stranger), "example.notes", personId=place.physician)

    assert [r["text"] for r in records(own)] == ["A plan"]
    assert refusal(stranger) == (403, "FORBIDDEN")


async def test_the_api_lists_every_export_with_its_path_and_parameters(
    gql: GraphQLClient,
) -> None:
    listed = (await gql.data("query { exports { name path parameters columns } }"))["exports"]

    by_name = {e["name"]: e for e in listed}
    assert {"roster", "attendance", "pending-credits", "example.notes"} <= by_name.keys()
    assert by_name["attendance"]["path"] == "/exports/attendance.csv"
    assert by_name["attendance"]["parameters"] == [ORG, "program", "from", "to"]
    assert by_name["roster"]["columns"][: len(ROSTER_HEADER)] == ROSTER_HEADER
