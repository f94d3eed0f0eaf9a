"""The credit systems a physician's College judges them by, declared as data.

A system names its categories, how a credit earned in another system's category counts in its
own, and the rules of its cycles: how many years, and the minimums (of every credit, or of some
categories; over the cycle, or in each cycle year) that a cycle must meet. A missed cycle is
followed by a shorter remedial cycle with rules of its own. Adding another College's system is
one more ``CreditSystem`` value; nothing that judges a transcript knows a system by name.

Sources: College of Family Physicians of Canada, Mainpro+ (five-year cycles: 250 credits, 125
certified of which 10 certified assessment, 25 in every cycle year; a two-year remedial cycle:
100 credits, 50 certified, 4 certified assessment); Royal College of Physicians and Surgeons of
Canada, Maintenance of Certification (five-year cycles: 400 credits, 40 in every year, 25 in
each of its three sections).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Final

from core.credits.constants import CERTIFIED, CERTIFIED_ASSESSMENT, NON_CERTIFIED
from core.i18n import N_
from core.people.models import Profession

MAINPRO: Final = "mainpro+"
MOC: Final = "rcpsc-moc"


class Span(StrEnum):
    """What a minimum is counted over."""

    CYCLE = "cycle"
    YEAR = "year"


@dataclass(frozen=True)
class Minimum:
    """At least ``amount`` credits over the cycle or in each of its years, of every category
    (``categories`` empty) or of those named. ``code`` is the requirement's rule ID."""

    code: str
    title: str
    amount: Decimal
    span: Span = Span.CYCLE
    categories: frozenset[str] = frozenset()

    def counts(self, category: str | None) -> bool:
        return not self.categories or category in self.categories


@dataclass(frozen=True)
class CycleRules:
    years: int
    minimums: tuple[Minimum, ...]


@dataclass(frozen=True)
class Category:
    code: str
    title: str


@dataclass(frozen=True)
class CreditSystem:
    """A College's credit system. ``counts_as`` maps a category of any system (its own
    included) to the category it counts as here; a credit it does not map counts towards the
    totals only. ``followed_by`` are the professions that follow it unless staff say otherwise."""

    code: str
    name: str
    categories: tuple[Category, ...]
    regular: CycleRules
    remedial: CycleRules | None
    counts_as: dict[tuple[str, str], str] = field(default_factory=dict)
    followed_by: frozenset[Profession] = frozenset()

    def category_of(self, credit_system: str, credit_type: str) -> str | None:
        return self.counts_as.get((credit_system, credit_type))

    def category_title(self, code: str | None) -> str:
        titles = {c.code: c.title for c in self.categories}
        return titles.get(code or "", N_("Not counted in a category"))


SECTION_1, SECTION_2, SECTION_3 = "section-1", "section-2", "section-3"
CERTIFIED_KINDS = frozenset({CERTIFIED, CERTIFIED_ASSESSMENT})


def _mainpro_cycle(total: Decimal, certified: Decimal, assessment: Decimal) -> tuple[Minimum, ...]:
    """A Mainpro+ cycle's own minimums: regular and remedial cycles ask the same, in amounts
    of their own."""
    return (
        Minimum("CORE-MAINPRO-TOTAL", N_("Credits in the cycle"), total),
        Minimum(
            "CORE-MAINPRO-CERTIFIED", N_("Certified credits"), certified, categories=CERTIFIED_KINDS
        ),
        Minimum(
            "CORE-MAINPRO-ASSESSMENT",
            N_("Certified Assessment credits"),
            assessment,
            categories=frozenset({CERTIFIED_ASSESSMENT}),
        ),
    )


MAINPRO_PLUS = CreditSystem(
    code=MAINPRO,
    name="Mainpro+",
    categories=(
        Category(CERTIFIED, N_("Certified")),
        Category(CERTIFIED_ASSESSMENT, N_("Certified Assessment")),
        Category(NON_CERTIFIED, N_("Non-certified")),
    ),
    regular=CycleRules(
        years=5,
        minimums=(
            *_mainpro_cycle(Decimal(250), Decimal(125), Decimal(10)),
            Minimum("CORE-MAINPRO-YEAR", N_("Credits in the year"), Decimal(25), Span.YEAR),
        ),
    ),
    remedial=CycleRules(years=2, minimums=_mainpro_cycle(Decimal(100), Decimal(50), Decimal(4))),
    counts_as={
        (MAINPRO, CERTIFIED): CERTIFIED,
        (MAINPRO, CERTIFIED_ASSESSMENT): CERTIFIED_ASSESSMENT,
        (MAINPRO, NON_CERTIFIED): NON_CERTIFIED,
        # Royal College credit a family physician earned counts as Mainpro+ non-certified.
        (MOC, SECTION_1): NON_CERTIFIED,
        (MOC, SECTION_2): NON_CERTIFIED,
        (MOC, SECTION_3): NON_CERTIFIED,
    },
    followed_by=frozenset({Profession.FAMILY_PHYSICIAN, Profession.RESIDENT}),
)

ROYAL_COLLEGE_MOC = CreditSystem(
    code=MOC,
    name="Royal College MOC",
    categories=(
        Category(SECTION_1, N_("Section 1: Group Learning")),
        Category(SECTION_2, N_("Section 2: Self-Learning")),
        Category(SECTION_3, N_("Section 3: Assessment")),
    ),
    regular=CycleRules(
        years=5,
        minimums=(
            Minimum("CORE-MOC-TOTAL", N_("Credits in the cycle"), Decimal(400)),
            Minimum("CORE-MOC-YEAR", N_("Credits in the year"), Decimal(40), Span.YEAR),
            *(
                Minimum(code, title, Decimal(25), categories=frozenset({section}))
                for code, title, section in (
                    ("CORE-MOC-SECTION-1", N_("Section 1 credits"), SECTION_1),
                    ("CORE-MOC-SECTION-2", N_("Section 2 credits"), SECTION_2),
                    ("CORE-MOC-SECTION-3", N_("Section 3 credits"), SECTION_3),
                )
            ),
        ),
    ),
    remedial=None,
    counts_as={
        (MOC, SECTION_1): SECTION_1,
        (MOC, SECTION_2): SECTION_2,
        (MOC, SECTION_3): SECTION_3,
        # Mainpro+ group learning is Section 1, its certified assessment Section 3.
        (MAINPRO, CERTIFIED): SECTION_1,
        (MAINPRO, NON_CERTIFIED): SECTION_1,
        (MAINPRO, CERTIFIED_ASSESSMENT): SECTION_3,
    },
    followed_by=frozenset({Profession.SPECIALIST}),
)

CREDIT_SYSTEMS: Final[dict[str, CreditSystem]] = {
    s.code: s for s in (MAINPRO_PLUS, ROYAL_COLLEGE_MOC)
}


def followed_by(profession: Profession) -> CreditSystem | None:
    """The system a profession follows until staff set a person's own; none for those no
    College holds to a cycle (office assistants, nurses, other team members)."""
    return next((s for s in CREDIT_SYSTEMS.values() if profession in s.followed_by), None)
