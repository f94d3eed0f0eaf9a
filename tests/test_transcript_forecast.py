"""Where a cycle is heading, worked out by hand on a fixed day.

The forecast reads the clock, so these tests call the judging and forecasting functions with
the day themselves; ``test_transcript_requirements`` reads the same results through the API.

The cycle runs 1 July 2024 to 30 June 2029; today is 31 December 2026, in its third year. The
physician earned 30 credits in each of years 1 and 2 (outside the last twelve months) and 20 in
September 2026: a pace of 20 a year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.credits.constants import CERTIFIED, CERTIFIED_ASSESSMENT, NON_CERTIFIED
from core.i18n import Language, speaking
from core.programs import CreditCap
from core.transcripts.forecast import Forecast, Offer, Opening, forecast
from core.transcripts.judging import CapRoom, Credit, Cycle, judged
from core.transcripts.models import CycleKind
from core.transcripts.systems import MAINPRO, MAINPRO_PLUS
from core.transcripts.wording import offer, shortfall

TODAY = date(2026, 12, 31)
CYCLE = Cycle(MAINPRO_PLUS, CycleKind.REGULAR, date(2024, 7, 1), date(2029, 6, 30))
CREDITS = [
    Credit(date(2024, 9, 1), Decimal(30), "example", MAINPRO, CERTIFIED),
    Credit(date(2025, 9, 1), Decimal(30), "example", MAINPRO, CERTIFIED),
    Credit(date(2026, 9, 1), Decimal(20), None, MAINPRO, CERTIFIED),
]


def _opening(credit_type: str, awarded: Decimal | None = None) -> Opening:
    caps = ()
    if awarded is not None:
        caps = (
            CapRoom("example", CreditCap("EX-CREDIT", "example.workshop", Decimal(36)), awarded),
        )
    return Opening(
        "example", "example.workshop", "Workshop", MAINPRO, credit_type, Decimal(1), "hour", caps
    )


def _forecast(*openings: Opening) -> Forecast:
    verdicts, years = judged(CYCLE, CREDITS)
    every = [*verdicts, *(v for y in years for v in y.verdicts)]
    found = forecast(CYCLE, CREDITS, every, TODAY, openings)
    assert found is not None
    return found


def test_core_mainpro_year_forecast_names_the_short_years() -> None:
    """Year 3 holds 20 and adds 20 x 181/365 = 9.92 by 30 June 2027: met. Year 4 has 366 days
    (29 February 2028): 20 x 366/365 = 20.05, 4.95 short. Year 5: 20.00, 5 short."""
    found = _forecast()

    assert found.pace == 20
    assert (found.since, found.until) == (date(2026, 1, 1), TODAY)
    yearly = {p.verdict.year: p for p in found.projections if p.verdict.year}
    assert yearly[(date(2026, 7, 1), date(2027, 6, 30))].projected == Decimal("29.92")
    short = [(p.verdict.year, p.projected, p.short) for p in found.shortfalls if p.verdict.year]
    assert short == [
        ((date(2027, 7, 1), date(2028, 6, 30)), Decimal("20.05"), Decimal("4.95")),
        ((date(2028, 7, 1), date(2029, 6, 30)), Decimal("20.00"), Decimal("5.00")),
    ]


def test_core_mainpro_total_and_assessment_forecast_short() -> None:
    """80 earned and 20 x 912/365 = 49.97 to come: 129.97 of 250. No certified assessment in
    twelve months: all 10 still missing at the end. The certified part (125) is on track."""
    cycle_wide = {p.verdict.minimum.code: p for p in _forecast().projections if not p.verdict.year}

    assert cycle_wide["CORE-MAINPRO-TOTAL"].projected == Decimal("129.97")
    assert cycle_wide["CORE-MAINPRO-TOTAL"].short == Decimal("120.03")
    assert cycle_wide["CORE-MAINPRO-ASSESSMENT"].short == 10
    assert cycle_wide["CORE-MAINPRO-CERTIFIED"].short == 0


def test_core_mainpro_forecast_offers_programs_that_count_towards_a_shortfall() -> None:
    """A certified workshop counts towards the total and every year, not towards the
    assessment minimum; a capped one with no room left offers nothing."""
    found = _forecast(_opening(CERTIFIED, Decimal(12)), _opening(NON_CERTIFIED, Decimal(36)))

    (only,) = found.offers
    assert (only.remaining, only.closes) == (
        Decimal(24),
        ("CORE-MAINPRO-TOTAL", "CORE-MAINPRO-YEAR"),
    )


def test_core_mainpro_forecast_offers_assessment_for_the_assessment_gap() -> None:
    (only,) = _forecast(_opening(CERTIFIED_ASSESSMENT)).offers

    assert only.remaining is None
    assert "CORE-MAINPRO-ASSESSMENT" in only.closes


def test_core_forecast_ends_with_the_cycle() -> None:
    verdicts, _ = judged(CYCLE, CREDITS)

    assert forecast(CYCLE, CREDITS, verdicts, date(2029, 7, 1), []) is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            Language.EN,
            "OCFP Practising Well Peer Connect: 3 credits an hour, 24 left before its cap",
        ),
        (
            Language.FR,
            "OCFP Practising Well Peer Connect : 3 crédits l’heure, 24 restants avant son plafond",
        ),
    ],
)
def test_core_forecast_offer_reads_as_a_sentence(language: Language, expected: str) -> None:
    connect = Opening(
        "ocfp_practising_well",
        "ocfp_practising_well.peer_connect",
        "Peer Connect",
        MAINPRO,
        CERTIFIED,
        Decimal(3),
        "hour",
        (),
    )
    peer = Offer(connect, CERTIFIED, Decimal(24), ("CORE-MAINPRO-YEAR",))

    with speaking(language):
        assert offer(peer, "OCFP Practising Well") == expected


def test_core_forecast_shortfall_names_the_year() -> None:
    found = _forecast()
    year_4 = next(p for p in found.shortfalls if p.verdict.year)

    with speaking(Language.EN):
        assert shortfall(found, year_4) == (
            "At the pace of the last twelve months (20 credits), the year from 2027-07-01 to "
            "2028-06-30 will hold 20.05 of its 25 credits: 4.95 short."
        )


def test_core_mainpro_year_forecast_leaves_finished_years_to_the_transcript() -> None:
    """Years 1 and 2 are over: their verdicts are final, not a forecast."""
    years = [p.verdict.year for p in _forecast().projections if p.verdict.year]

    assert [start for start, _ in years] == [date(2026, 7, 1), date(2027, 7, 1), date(2028, 7, 1)]


def test_core_forecast_offer_of_a_kind_titled_by_its_certification_is_not_prefixed() -> None:
    """An achievement kind has no activity kind's title: its certification's names the program."""
    exercises = Opening(
        "example",
        "example.exercise",
        "Example exercises",
        MAINPRO,
        CERTIFIED_ASSESSMENT,
        Decimal(5),
        "achievement",
        (),
        whole_title=True,
    )
    exercise = Offer(exercises, CERTIFIED_ASSESSMENT, Decimal(12), ("CORE-MAINPRO-ASSESSMENT",))

    with speaking(Language.EN):
        assert offer(exercise, "Example program") == (
            "Example exercises: 5 credits each, 12 left before its cap"
        )
