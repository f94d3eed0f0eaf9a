"""Core records through the API: people, decisions before actions, due items, certificates."""

from __future__ import annotations

from datetime import date

from tests.core_documents import COMPLETE_DUE_ITEM, CREATE_DUE_ITEM, ISSUE_CERTIFICATE
from tests.factories import CREATE_PERSON, JOIN_GROUP, RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient

ELIGIBILITY = """
query($person: ID!, $subject: ID) {
  eligibility(personId: $person, action: "core.group.join", subjectId: $subject) {
    allowed reasons { code message allowed }
  }
}"""


DUE_ITEMS = """
query($id: ID!) {
  node(id: $id) {
    ... on Person {
      open: dueItems { nodes { title } }
      all: dueItems(includeCompleted: true) { nodes { title } }
    }
  }
}"""


async def test_physician_without_licence_is_refused(gql: GraphQLClient, make: Factory) -> None:
    payload = await gql.payload(
        CREATE_PERSON,
        organizationId=await make.organization(),
        givenName="Ana",
        familyName="Costa",
        email="ana.costa.nolicence@example.org",
        profession="FAMILY_PHYSICIAN",
    )

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("CORE-PHYSICIAN-LICENCE", "licenceNumber")
    ]


async def test_person_email_is_unique(gql: GraphQLClient, make: Factory) -> None:
    await make.person("MOA", email="same.person@example.org")

    payload = await gql.payload(
        CREATE_PERSON,
        organizationId=await make.organization(),
        givenName="Other",
        familyName="Person",
        email="Same.Person@example.org",
        profession="NURSE",
    )

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("UNIQUE", "email")]


async def test_eligibility_is_explained_before_the_action_with_the_same_codes(
    gql: GraphQLClient, make: Factory
) -> None:
    group = await make.group(capacity=3)
    moa, physician = await make.person("MOA"), await make.person()

    refused = (await gql.data(ELIGIBILITY, {"person": moa, "subject": group}))["eligibility"]
    allowed = (await gql.data(ELIGIBILITY, {"person": physician, "subject": group}))["eligibility"]
    attempt = await gql.payload(JOIN_GROUP, groupId=group, personId=moa)

    assert refused["allowed"] is False
    assert [(r["code"], r["allowed"]) for r in refused["reasons"]] == [("EX-PHYSICIAN", False)]
    assert allowed["allowed"] is True
    assert [r["code"] for r in allowed["reasons"]] == ["EX-PHYSICIAN"]
    assert [e["code"] for e in attempt["errors"]] == [r["code"] for r in refused["reasons"]]


async def test_due_items_are_listed_until_completed(gql: GraphQLClient, make: Factory) -> None:
    person = await make.person()
    item = (
        await gql.mutate(
            CREATE_DUE_ITEM,
            personId=person,
            program="example",
            kind="example.survey",
            title="Progress survey",
            dueOn="2026-01-31",
        )
    )["dueItem"]

    await gql.mutate(COMPLETE_DUE_ITEM, dueItemId=item["id"])
    again = await gql.payload(COMPLETE_DUE_ITEM, dueItemId=item["id"])

    listed = (await gql.data(DUE_ITEMS, {"id": person}))["node"]
    assert listed["open"]["nodes"] == []
    assert listed["all"]["nodes"] == [{"title": "Progress survey"}]
    assert [e["code"] for e in again["errors"]] == ["CORE-DUE-DONE"]


async def test_certificate_states_the_credits_of_the_period(
    gql: GraphQLClient, make: Factory
) -> None:
    organization = await make.organization()
    person = await make.person()
    activity = await make.activity(hours=2, organization=organization)
    await gql.mutate(RECORD_PARTICIPATION, activityId=activity, personId=person, hours="2")

    issued = await gql.mutate(
        ISSUE_CERTIFICATE,
        personId=person,
        organizationId=organization,
        program="example",
        title="Example workshops",
        periodStart="2024-01-01",
        periodEnd="2024-12-31",
    )
    empty = await gql.payload(
        ISSUE_CERTIFICATE,
        personId=person,
        organizationId=organization,
        program="example",
        title="Example workshops",
        periodStart="2020-01-01",
        periodEnd="2020-12-31",
    )

    certificate = issued["certificate"]
    assert certificate["credits"] == "6.00"
    assert certificate["certificationCode"] == "EX-2019"
    assert certificate["number"].startswith(f"PL-{date(2024, 12, 31).year}-")
    assert "earned 6.00 credits" in certificate["statement"]
    assert [e["code"] for e in empty["errors"]] == ["CORE-CERTIFICATE-EMPTY"]


async def test_programs_lists_enabled_programs_with_settings(gql: GraphQLClient) -> None:
    programs = (await gql.data("{ programs { slug rules settings { name value } } }"))["programs"]

    example = next(p for p in programs if p["slug"] == "example")
    assert [p["slug"] for p in programs] == [
        "example",
        "ocfp_practising_well",
        "psp_sgls",
        "cpso_qi_groups",
        "learning_collaborative",
    ]
    assert example == {
        "slug": "example",
        "rules": ["EX-PHYSICIAN"],
        "settings": [
            {"name": "workshop_cap", "value": "36"},
            {"name": "circle_size", "value": "12"},
        ],
    }
