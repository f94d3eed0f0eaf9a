"""Certifications as data: staff certify a kind or one activity, close and supersede, never
overlapping; attendance held while a certification was pending earns nothing until one covers
it, then everyone who attended is credited retroactively, once, capped as usual."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.authz_documents import ASSIGN_ROLE
from tests.certification_support import (
    ADD,
    AWARD,
    CERTIFICATIONS,
    CLOSE,
    SUPERSEDE,
    attend,
    certify_activity,
    code,
    codes,
    held_in,
    ledger,
)
from tests.factories import Factory
from tests.graphql_client import GraphQLClient

# Kind-level certifications of example.workshop before its shipped 2019 one: a year each.
_years = itertools.count(1951)


async def test_core_credit_certification_pending_then_awarded_retroactively_to_everyone(
    gql: GraphQLClient, make: Factory
) -> None:
    activity = await held_in(make, 2017)
    people = [await make.person(), await make.person()]
    for person in people:
        pending = await attend(gql, activity, person)
        assert pending["creditEntry"] is None
        decision = pending["creditDecision"]
        assert decision["allowed"] is False
        assert "CORE-CREDIT-CERTIFICATION" in [r["code"] for r in decision["reasons"]]

    payload = await certify_activity(gql, activity, "2017-01-01", rate="1.5")

    assert payload["errors"] == []
    certification = payload["certification"]
    awarded = payload["awarded"]
    assert [Decimal(e["amount"]) for e in awarded] == [Decimal("3.00")] * 2
    assert all(
        e["explanation"].startswith(
            f"Awarded retroactively: certification {certification['code']} (effective "
            "2017-01-01 to 2017-12-31) covers the session of 2017-06-10; "
        )
        for e in awarded
    )
    for person in people:
        assert [e["amount"] for e in await ledger(gql, person, "2016-07-01")] == ["3.00"]


async def test_core_certification_retroactive_award_happens_once(
    gql: GraphQLClient, make: Factory
) -> None:
    activity, person = await held_in(make, 2016), await make.person()
    await attend(gql, activity, person)
    certification = (await certify_activity(gql, activity, "2016-01-01"))["certification"]

    again = await gql.mutate(AWARD, certificationId=certification["id"])

    assert again["awarded"] == []
    assert len(await ledger(gql, person, "2015-07-01")) == 1


async def test_core_certification_retroactive_award_applies_caps(
    gql: GraphQLClient, make: Factory
) -> None:
    activity, person = await held_in(make, 2015, hours=4), await make.person()
    await attend(gql, activity, person, hours="4")

    payload = await certify_activity(gql, activity, "2015-01-01", rate="10")

    (entry,) = payload["awarded"]
    assert entry["amount"] == "36.00"
    assert entry["capsApplied"] == [{"code": "EX-CREDIT", "after": "36.00"}]
    assert "cut to 36.00 by EX-CREDIT" in entry["explanation"]


async def test_core_certification_standard_periods_by_category(
    gql: GraphQLClient, make: Factory
) -> None:
    activity = await held_in(make, 2014)
    certified = await certify_activity(gql, activity, "2014-03-15")
    other = await held_in(make, 2014)
    assessment = await certify_activity(gql, other, "2014-03-15", category="certified-assessment")

    assert certified["certification"]["effectiveTo"] == "2015-03-14"
    assert assessment["certification"]["effectiveTo"] == "2017-03-14"
    assert assessment["certification"]["creditType"] == "certified-assessment"


async def test_core_certification_overlap_refused(gql: GraphQLClient, make: Factory) -> None:
    activity = await held_in(make, 2013)
    await certify_activity(gql, activity, "2013-01-01", effectiveTo="2013-12-31")

    clash = await certify_activity(gql, activity, "2013-12-01")
    after = await certify_activity(gql, activity, "2014-01-01")

    assert codes(clash) == ["CORE-CERTIFICATION-OVERLAP"]
    assert after["errors"] == []


async def test_core_certification_supersede_closes_the_old_and_links_the_new(
    gql: GraphQLClient, make: Factory
) -> None:
    activity = await held_in(make, 2020)
    old = (await certify_activity(gql, activity, "2020-01-01", effectiveTo="2020-12-31"))[
        "certification"
    ]

    payload = await gql.mutate(
        SUPERSEDE, certificationId=old["id"], effectiveFrom="2020-07-01", rate="2"
    )

    new = payload["certification"]
    assert payload["closed"]["effectiveTo"] == "2020-06-30"
    assert payload["closed"]["state"] == "SUPERSEDED"
    assert (new["supersedesId"], new["code"]) == (old["id"], f"{old['code']}@2020-07-01")
    assert new["effectiveTo"] == "2021-06-30"
    listed = (await gql.data(CERTIFICATIONS, {"activity": activity}))["certifications"]
    assert [(c["code"], c["state"], c["supersededById"]) for c in listed] == [
        (old["code"], "SUPERSEDED", new["id"]),
        (new["code"], "CLOSED", None),
    ]
    twice = await gql.payload(
        SUPERSEDE, certificationId=old["id"], effectiveFrom="2020-09-01", rate="2"
    )
    assert codes(twice) == ["CORE-CERTIFICATION-SUPERSEDED"]


async def test_core_certification_states_pending_in_force_closed(
    gql: GraphQLClient, make: Factory
) -> None:
    activity = await held_in(make, 2021)
    closed = await certify_activity(gql, activity, "2021-01-01", effectiveTo="2021-12-31")
    in_force = await certify_activity(gql, activity, "2022-01-01", effectiveTo="2099-12-31")
    closing = await gql.mutate(
        CLOSE, certificationId=in_force["certification"]["id"], effectiveTo="2098-12-31"
    )
    pending = await certify_activity(gql, activity, "2099-01-01")

    assert closed["certification"]["state"] == "CLOSED"
    assert closing["certification"]["state"] == "IN_FORCE"
    assert closing["certification"]["effectiveTo"] == "2098-12-31"
    assert pending["certification"]["state"] == "PENDING"


async def test_core_certification_credited_refuses_closing_before_its_credit(
    gql: GraphQLClient, make: Factory
) -> None:
    activity, person = await held_in(make, 2012), await make.person()
    await attend(gql, activity, person)
    certification = (await certify_activity(gql, activity, "2012-01-01"))["certification"]

    refused = await gql.payload(
        CLOSE, certificationId=certification["id"], effectiveTo="2012-05-31"
    )
    allowed = await gql.payload(
        CLOSE, certificationId=certification["id"], effectiveTo="2012-06-30"
    )

    assert codes(refused) == ["CORE-CERTIFICATION-CREDITED"]
    assert allowed["errors"] == []


async def test_core_certification_of_an_activity_comes_before_its_kind(
    gql: GraphQLClient, make: Factory
) -> None:
    activity, person = await held_in(make, 2020), await make.person()  # EX-2019 pays 3 an hour
    await certify_activity(gql, activity, "2020-01-01", rate="1")

    entry = (await attend(gql, activity, person))["creditEntry"]

    assert (entry["rate"], entry["amount"]) == ("1.00", "2.00")


async def test_core_certification_of_a_kind_awards_its_pending_activities(
    gql: GraphQLClient, make: Factory
) -> None:
    year = next(_years)
    activity, person = await held_in(make, year), await make.person()
    await attend(gql, activity, person)

    payload = await gql.payload(
        ADD,
        activityKind="example.workshop",
        code=code("KIND"),
        title="Example workshops, an early year",
        rate="2",
        effectiveFrom=f"{year}-01-01",
    )

    assert payload["errors"] == []
    assert [e["amount"] for e in payload["awarded"]] == ["4.00"]
    clash = await gql.payload(
        ADD,
        activityKind="example.workshop",
        code=code("KIND"),
        title="Again",
        rate="2",
        effectiveFrom=f"{year}-06-01",
    )
    assert codes(clash) == ["CORE-CERTIFICATION-OVERLAP"]


async def test_core_certification_setting_keeps_a_shipped_rate(gql: GraphQLClient) -> None:
    (shipped,) = [
        c
        for c in (await gql.data(CERTIFICATIONS, {"kind": "example.workshop"}))["certifications"]
        if c["code"] == "EX-2024"
    ]

    refused = await gql.payload(
        SUPERSEDE, certificationId=shipped["id"], effectiveFrom="2099-01-01", rate="2"
    )

    assert codes(refused) == ["CORE-CERTIFICATION-SETTING"]


async def test_core_certification_practising_well_rates_are_core_certifications_in_force(
    gql: GraphQLClient,
) -> None:
    listed = (await gql.data(CERTIFICATIONS, {"program": "ocfp_practising_well"}))["certifications"]

    assert {c["code"]: c["state"] for c in listed} == {
        "PW-COMMUNITY-OF-PRACTICE": "IN_FORCE",
        "PW-PEER-CONNECT": "IN_FORCE",
    }


@pytest.mark.parametrize(
    ("role", "program", "allowed"),
    [("PROGRAM_STAFF", "example", True), ("COORDINATOR", None, False)],
)
async def test_core_certification_of_a_kind_is_its_programs_staffs(
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[str], GraphQLClient],
    role: str,
    program: str | None,
    allowed: bool,
) -> None:
    organization = await make.organization()
    person = await make.person(profession="OTHER", organization=organization)
    await gql.mutate(
        ASSIGN_ROLE, personId=person, organizationId=organization, program=program, role=role
    )
    year = next(_years)

    body = await client_for(person).execute(
        ADD,
        {
            "input": {
                "activityKind": "example.workshop",
                "code": code("KIND"),
                "title": "Example workshops, an early year",
                "rate": "1",
                "effectiveFrom": f"{year}-01-01",
            }
        },
    )

    if allowed:
        assert body["data"]["addCertification"]["errors"] == []
    else:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
