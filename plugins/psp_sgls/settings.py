"""The program's settings (SGLS-CAPACITY, SGLS-CREDIT, SGLS-QUESTIONNAIRE), read through the
registry so every service sees the deployment's values."""

from __future__ import annotations

from decimal import Decimal

from core.i18n import N_
from core.programs import ProgramSetting
from core.registry import Registry
from plugins.psp_sgls import SLUG

SETTINGS = [
    ProgramSetting(
        "capacity", 12, N_("Most participants in a session (SGLS-CAPACITY)."), minimum=1, maximum=12
    ),
    ProgramSetting(
        "credit_rate",
        Decimal(1),
        N_("Mainpro+ credits per hour of a certified session (SGLS-CREDIT)."),
        minimum=Decimal(0),
    ),
    ProgramSetting(
        "questionnaire_months",
        2,
        N_(
            "Months after a session its self-reflective questionnaire falls due "
            "(SGLS-QUESTIONNAIRE)."
        ),
        minimum=0,
        maximum=12,
    ),
]


def integer(registry: Registry, name: str) -> int:
    return registry.program(SLUG).settings.integer(name)


def decimal(registry: Registry, name: str) -> Decimal:
    return registry.program(SLUG).settings.decimal(name)
