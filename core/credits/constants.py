"""Credit categories and the standard periods their certifications run for.

Since December 2024 a new Mainpro+ certification runs for a fixed period: 12 months for a
certified activity and 36 months for a certified assessment activity (College of Family
Physicians of Canada, Mainpro+ certification standards, December 2024). A certification added
without an end date ends when its category's standard period does; one of a category with no
standard period stays open until it is closed or superseded.
"""

from __future__ import annotations

from typing import Final

from core.i18n import N_, Text, _

CERTIFIED: Final = "certified"
"""Mainpro+ Certified: counts towards the certified part of a cycle."""
CERTIFIED_ASSESSMENT: Final = "certified-assessment"
"""Mainpro+ Certified Assessment: certified, and counts towards the assessment minimum."""
NON_CERTIFIED: Final = "non-certified"
"""Credit that counts towards a cycle's total only."""

SYSTEM_LABELS: Final[dict[str, str]] = {"mainpro+": "Mainpro+"}
"""How a credit system's code reads on a document; an unknown one reads as its code."""

CATEGORY_NAMES: Final[dict[str, str]] = {
    CERTIFIED: N_("{system} Certified"),
    CERTIFIED_ASSESSMENT: N_("{system} Certified Assessment"),
    NON_CERTIFIED: N_("{system} Non-certified"),
}
"""A category named with its credit system, as one phrase: French puts the system last
(Certifié Mainpro+), so the two are not joined in code."""


def category_label(credit_system: str, credit_type: str) -> Text:
    """How a credit's category reads on a document in the reader's language (``Mainpro+
    Certified``, ``Certifié Mainpro+``); an unknown category reads as its code."""
    system = SYSTEM_LABELS.get(credit_system, credit_system)
    return _(
        CATEGORY_NAMES.get(credit_type, "{system} {category}"), system=system, category=credit_type
    )


STANDARD_PERIOD_MONTHS: Final[dict[str, int]] = {CERTIFIED: 12, CERTIFIED_ASSESSMENT: 36}
"""Months a certification of each category runs when no end date is given (Mainpro+, Dec
2024)."""

ACHIEVEMENT_UNIT: Final = "achievement"
"""The unit of a certification of an achievement kind: its rate is the credit one earns."""
