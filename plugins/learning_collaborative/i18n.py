"""This program's sentences, translated from its own catalog (``locale/``, see core.i18n)."""

from datetime import date

from babel.dates import format_date

from core.i18n import Catalog, Language, current_language

_ = Catalog.of(__package__ or __name__)
_n = _.plural


def month_text(month: date, language: Language | None = None) -> str:
    """A month as a reader writes it (``December 2026``, ``décembre 2026``): calls, reports
    and scores are monthly, and a refusal names the month, not its first day."""
    return format_date(month, "MMMM y", locale=(language or current_language()).locale)
