"""A physician's transcript judged against their College's cycle, worked out by hand.

Each test enters the cycle the College assigned (staff, through ``setCreditCycle``), records
credits (a program's through attendance, the physician's own through
``recordExternalCredit``) and reads the transcript as a frontend does. The sums in the
docstrings are the ones the assertions check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from core.transcripts.judging import anniversary
from tests.factories import RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient
from tests.transcript_support import by, physician, requirement, set_cycle, transcript

Clients = Callable[[str], GraphQLClient]


async def _attend(gql: GraphQLClient, make: Factory, person: str, day: str, hours: int) -> str:
    """The example program's workshop on ``day``: 3 certified credits an hour before
    December 2024 (EX-2019), capped at 36 (EX-CREDIT)."""
    starts = datetime.fromisoformat(f"{day}T17:00:00").replace(tzinfo=UTC)
    activity = await make.activity(hours=hours, starts_at=starts)
    payload = await gql.mutate(
        RECORD_PARTICIPATION, activityId=activity, personId=person, hours=str(hours)
    )
    return str(payload["creditEntry"]["amount"])


async def test_core_cycle_starts_on_its_college_date_not_the_records_creation(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    """A physician registered today whose College cycle began on 1 July 2021: their credit
    of August 2021 is in the cycle's first year, which runs to 30 June 2022."""
    doctor = await physician(make, client_for)
    entered = await set_cycle(gql, doctor.id, "mainpro+", "2021-07-01")
    await doctor.record("2021-08-01", 10, "certified")

    found = await transcript(gql, doctor.id)

    cycle = found["cycle"]
    assert (cycle["startsOn"], cycle["endsOn"]) == ("2021-07-01", "2026-06-30")
    assert (cycle["source"], cycle["setById"]) == ("STAFF", entered["setById"])
    assert entered["setById"] is not None
    first = cycle["years"][0]
    assert (first["startsOn"], first["endsOn"], first["total"]) == (
        "2021-07-01",
        "2022-06-30",
        "10.00",
    )
    assert len(cycle["years"]) == 5


async def test_core_cycle_not_guessed_without_college_dates(
    make: Factory, client_for: Clients
) -> None:
    """Without the College's dates there is no cycle to judge: the transcript shows the
    credits and the system the profession follows, and no requirement."""
    doctor = await physician(make, client_for)
    await doctor.record("2025-02-01", 4, "certified")

    found = await transcript(doctor.client, doctor.id)

    assert found["cycle"] is None
    assert found["forecast"] is None
    assert (found["total"], found["creditSystem"]) == ("4.00", {"code": "mainpro+"})


async def test_core_mainpro_assessment_250_credits_with_8_certified_assessment_is_2_short(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    """250 credits, 158 of them certified, every year over 25, but only 8 certified
    assessment: the cycle is not met, and 2 certified assessment credits are missing.

    Program: 2 hours of workshop, 6 certified. Self-reported: 44 certified (year 1), 50
    certified (years 2 and 3), 50 non-certified (year 4), 42 non-certified and 8 certified
    assessment (year 5). 6 + 44 + 50 + 50 + 50 + 42 + 8 = 250; certified 6 + 44 + 50 + 50 + 8."""
    doctor = await physician(make, client_for)
    await set_cycle(gql, doctor.id, "mainpro+", "2021-07-01")
    assert await _attend(gql, make, doctor.id, "2021-09-15", 2) == "6.00"
    await doctor.record_all(
        [
            ("2021-10-01", 44, "certified"),
            ("2022-10-01", 50, "certified"),
            ("2023-10-01", 50, "certified"),
            ("2024-10-01", 50, "non-certified"),
            ("2025-10-01", 42, "non-certified"),
            ("2026-01-15", 8, "certified-assessment"),
        ]
    )

    found = await transcript(doctor.client, doctor.id)

    assessment = requirement(found, "CORE-MAINPRO-ASSESSMENT")
    assert (assessment["earned"], assessment["missing"], assessment["met"]) == (8, 2, False)
    assert requirement(found, "CORE-MAINPRO-TOTAL")["earned"] == 250
    assert requirement(found, "CORE-MAINPRO-TOTAL")["met"] is True
    assert requirement(found, "CORE-MAINPRO-CERTIFIED")["earned"] == 158
    assert requirement(found, "CORE-MAINPRO-CERTIFIED")["met"] is True
    assert [y["total"] for y in found["cycle"]["years"]] == ["50.00"] * 5
    assert all(y["met"] for y in found["cycle"]["years"])
    assert found["cycle"]["met"] is False
    assert by(found["bySource"], "source") == {"PROGRAM": 6, "SELF_REPORTED": 244}
    assert by(found["byProgram"], "program") == {"example": 6}
    assert by(found["byCategory"], "category") == {
        "certified": 150,
        "certified-assessment": 8,
        "non-certified": 92,
    }


async def test_core_mainpro_year_with_24_credits_is_not_met(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    """Four years of 50 credits and one of 24: that year misses its 25 by 1, whatever the
    others hold."""
    doctor = await physician(make, client_for)
    await set_cycle(gql, doctor.id, "mainpro+", "2021-07-01")
    await doctor.record_all(
        [(f"{year}-10-01", 50, "certified") for year in (2021, 2022, 2024, 2025)]
        + [("2023-10-01", 24, "certified")]
    )

    found = await transcript(doctor.client, doctor.id)

    years = {y["startsOn"]: y for y in found["cycle"]["years"]}
    (short,) = years["2023-07-01"]["requirements"]
    assert (short["code"], short["earned"], short["missing"], short["met"]) == (
        "CORE-MAINPRO-YEAR",
        "24.00",
        "1.00",
        False,
    )
    assert [y["met"] for y in found["cycle"]["years"]] == [True, True, False, True, True]


async def test_core_mainpro_remedial_cycle_judged_by_its_own_rules(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    """A missed cycle is followed by a two-year remedial one: 100 credits, 50 certified, 4
    certified assessment, no yearly minimum. 30 certified and 4 certified assessment leave 66
    and 16 to go; the assessment minimum is met."""
    doctor = await physician(make, client_for)
    cycle = await set_cycle(gql, doctor.id, "mainpro+", "2026-07-01", kind="REMEDIAL")
    await doctor.record_all(
        [("2026-08-01", 30, "certified"), ("2026-09-01", 4, "certified-assessment")]
    )

    found = await transcript(doctor.client, doctor.id)

    assert (cycle["kind"], cycle["endsOn"]) == ("REMEDIAL", "2028-06-30")
    assert [
        (r["code"], r["required"], r["missing"], r["met"]) for r in found["cycle"]["requirements"]
    ] == [
        ("CORE-MAINPRO-TOTAL", "100.00", "66.00", False),
        ("CORE-MAINPRO-CERTIFIED", "50.00", "16.00", False),
        ("CORE-MAINPRO-ASSESSMENT", "4.00", "0.00", True),
    ]
    assert [y["requirements"] for y in found["cycle"]["years"]] == [[], []]


async def test_core_moc_specialist_with_section_3_below_25(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    """A specialist under the Royal College's MOC: each year 40 Section 1, 36 Section 2 and 4
    Section 3 credits, plus a Mainpro+ certified workshop (6 credits, counted as Section 1).
    406 credits, every year over 40, Sections 1 and 2 over 25; Section 3 holds 20: 5 short."""
    doctor = await physician(make, client_for, "SPECIALIST")
    await set_cycle(gql, doctor.id, "rcpsc-moc", "2021-01-01")
    await _attend(gql, make, doctor.id, "2021-09-15", 2)
    for year in range(2021, 2026):
        await doctor.record_all(
            [
                (f"{year}-03-01", 40, "section-1"),
                (f"{year}-03-02", 36, "section-2"),
                (f"{year}-03-03", 4, "section-3"),
            ]
        )

    found = await transcript(doctor.client, doctor.id)

    assert found["creditSystem"] == {"code": "rcpsc-moc"}
    assert found["cycle"]["endsOn"] == "2025-12-31"
    section_3 = requirement(found, "CORE-MOC-SECTION-3")
    assert (section_3["earned"], section_3["missing"], section_3["met"]) == (20, 5, False)
    assert requirement(found, "CORE-MOC-SECTION-1")["earned"] == 206
    assert requirement(found, "CORE-MOC-SECTION-2")["earned"] == 180
    assert requirement(found, "CORE-MOC-TOTAL")["earned"] == 406
    yearly = [r for y in found["cycle"]["years"] for r in y["requirements"]]
    assert {r["code"] for r in yearly} == {"CORE-MOC-YEAR"}
    assert all(r["met"] for r in yearly)
    assert found["cycle"]["met"] is False


async def test_core_external_credit_counts_for_the_college_never_in_a_programs_cap(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    """30 workshop credits leave 6 under EX-CREDIT's 36. 20 self-reported credits count on
    the transcript (56) but not under the cap: the next 2 workshop hours still earn their 6,
    and only then is the cap reached."""
    doctor = await physician(make, client_for)
    await set_cycle(gql, doctor.id, "mainpro+", "2024-07-01")
    await _attend(gql, make, doctor.id, "2024-09-10", 10)
    await doctor.record("2024-10-01", 20, "certified")

    before = await transcript(doctor.client, doctor.id)
    awarded = await _attend(gql, make, doctor.id, "2024-10-15", 2)
    after = await transcript(doctor.client, doctor.id)

    (cap,) = [c for c in before["caps"] if c["code"] == "EX-CREDIT"]
    assert (cap["awarded"], cap["remaining"]) == ("30.00", "6.00")
    assert awarded == "6.00"
    (cap,) = [c for c in after["caps"] if c["code"] == "EX-CREDIT"]
    assert (cap["awarded"], cap["remaining"]) == ("36.00", "0.00")
    assert by(after["bySource"], "source") == {"PROGRAM": 36, "SELF_REPORTED": 20}
    assert after["total"] == "56.00"
    assert after["selfReported"] == [{"credits": "20.00", "category": "certified"}]


async def test_core_cycle_asked_by_start_in_the_persons_system(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    """A transcript asked for another start judges a cycle from that day, in the system the
    person follows, entered by no one; the recorded cycle is untouched."""
    doctor = await physician(make, client_for, "SPECIALIST")
    await doctor.record("2019-05-01", 12, "section-3")

    found = await transcript(doctor.client, doctor.id, "2019-01-01")

    cycle = found["cycle"]
    assert (cycle["startsOn"], cycle["endsOn"], cycle["source"]) == (
        "2019-01-01",
        "2023-12-31",
        None,
    )
    assert requirement(found, "CORE-MOC-SECTION-3")["missing"] == Decimal(13)


async def test_core_mainpro_year_forecast_names_the_short_year_through_the_api(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    """Dates counted back from today: the cycle is 100 days into its third year. Years 1 and
    2 hold 30 each, earned over a year ago; 20 earned 50 days ago set a pace of 20 a year.
    Year 3 will hold 20 and more: met. Years 4 and 5 will hold about 20 of 25: each named
    short, with the example workshop (certified, 1 credit an hour in force today, 36 left
    before its cap) offered to close the gap."""
    today = datetime.now(UTC).date()
    start = anniversary(today, -2) - timedelta(days=100)
    years = [anniversary(start, n) for n in range(6)]
    doctor = await physician(make, client_for)
    await set_cycle(gql, doctor.id, "mainpro+", start.isoformat())
    await doctor.record_all(
        [
            ((years[0] + timedelta(days=10)).isoformat(), 30, "certified"),
            ((years[1] + timedelta(days=10)).isoformat(), 30, "certified"),
            ((today - timedelta(days=50)).isoformat(), 20, "certified"),
        ]
    )

    forecast = (await transcript(doctor.client, doctor.id))["forecast"]

    assert Decimal(forecast["pace"]) == 20
    short_years = [s for s in forecast["shortfalls"] if s["code"] == "CORE-MAINPRO-YEAR"]
    assert [s["yearStartsOn"] for s in short_years] == [years[3].isoformat(), years[4].isoformat()]
    for shortfall, first in zip(short_years, years[3:], strict=False):
        days = (anniversary(first, 1) - first).days
        projected = (Decimal(20) * days / 365).quantize(Decimal("0.01"))
        assert Decimal(shortfall["projected"]) == projected
        assert first.isoformat() in shortfall["message"]
    (workshop,) = [o for o in forecast["opportunities"] if o["activityKind"] == "example.workshop"]
    assert workshop["closes"] == ["CORE-MAINPRO-TOTAL", "CORE-MAINPRO-YEAR"]
    assert (
        workshop["message"] == "Example program Workshop: 1 credit an hour, 36 left before its cap"
    )
