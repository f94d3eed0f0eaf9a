"""How a transcript's findings read, in the reader's language: the API and the documents
say the same sentence for the same finding."""

from __future__ import annotations

from decimal import Decimal

from core.i18n import Text, _, _n, number_text
from core.transcripts.forecast import Forecast, Offer, Projection
from core.transcripts.judging import cents
from core.transcripts.systems import CreditSystem, Minimum


def amount(value: Decimal) -> str:
    """``24``, ``1.5`` (``1,5`` in French): credits as a person reads them."""
    return number_text(cents(value).normalize())


def requirement_title(minimum: Minimum) -> Text:
    return _(minimum.title)


def category_name(system: CreditSystem, category: str | None) -> Text:
    return _(system.category_title(category))


def shortfall(forecast: Forecast, projection: Projection) -> Text:
    verdict = projection.verdict
    common = {
        "pace": amount(forecast.pace),
        "short": amount(projection.short),
        "projected": amount(projection.projected),
        "required": amount(verdict.required),
    }
    if verdict.year is not None:
        start, end = verdict.year
        return _(
            "At the pace of the last twelve months ({pace} credits), the year from {start} to "
            "{end} will hold {projected} of its {required} credits: {short} short.",
            start=start.isoformat(),
            end=end.isoformat(),
            **common,
        )
    return _(
        "At the pace of the last twelve months ({pace} credits), {requirement} will reach "
        "{projected} of {required} by the end of the cycle: {short} short.",
        requirement=requirement_title(verdict.minimum).lower(),
        **common,
    )


def offer(offer: Offer, program_title: str) -> Text:
    opening = offer.opening
    rate, n = amount(opening.rate), 1 if opening.rate == 1 else 2
    earns = {
        "hour": _n("{rate} credit an hour", "{rate} credits an hour", n, rate=rate),
        "activity": _n("{rate} credit an activity", "{rate} credits an activity", n, rate=rate),
    }.get(opening.unit) or _n("{rate} credit each", "{rate} credits each", n, rate=rate)
    what = opening.title
    if not opening.whole_title:
        what = _("{program} {title}", program=program_title, title=opening.title)
    if offer.remaining is None:
        return _("{what}: {earns}", what=what, earns=earns)
    return _(
        "{what}: {earns}, {remaining} left before its cap",
        what=what,
        earns=earns,
        remaining=amount(offer.remaining),
    )
