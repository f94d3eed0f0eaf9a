"""My program's hooks: what it declares to peerlearn at startup."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from core import hookimpl
from core.i18n import N_
from core.privacy.export import rows_about
from core.programs import (
    ActivityKind,
    CertificationSpec,
    CreditCap,
    CreditFormula,
    Migrations,
    PersonalDataExport,
    ProgramInfo,
    ProgramSetting,
    SchemaPart,
)
from core.settings import ProgramSettings
from my_program.graphql import MyProgramMutation, MyProgramQuery
from my_program.models import Entry
from my_program.service import SLUG

SESSION = f"{SLUG}.session"


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug=SLUG,
        title="My program",
        organization_kind="association",
        version="0.1.0",
        graphql_prefix="myProgram",
        description=N_("My program: a peerlearn program."),
    )


@hookimpl
def register_settings() -> list[ProgramSetting]:
    return [
        ProgramSetting("credit_cap", Decimal(20), N_("Most credits from sessions."), Decimal(0))
    ]


@hookimpl
def register_models() -> list[type]:
    return [Entry]


@hookimpl
def register_personal_data() -> PersonalDataExport:
    """A person's entries are theirs: every row naming them is in their data export."""
    return rows_about(register_models())


@hookimpl
def register_migrations() -> Migrations:
    return Migrations(directory=Path(__file__).parent / "migrations")


@hookimpl
def register_schema() -> SchemaPart:
    return SchemaPart(query=MyProgramQuery, mutation=MyProgramMutation)


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [ActivityKind(SESSION, N_("Session"), N_("An hour of learning together."))]


@hookimpl
def register_certifications() -> list[CertificationSpec]:
    """One credit an hour: the rate is data, seeded once by `peerlearn db upgrade`."""
    return [
        CertificationSpec(
            code="MY-PROGRAM-2025",
            activity_kind=SESSION,
            title="My program sessions",
            credit_system="mainpro+",
            credit_type="certified",
            rate=Decimal(1),
            unit="hour",
            effective_from=date(2025, 1, 1),
        )
    ]


@hookimpl
def register_credit_formulas(settings: ProgramSettings) -> list[CreditFormula]:
    """Sessions earn credit up to the `credit_cap` setting; core applies it on every award."""
    cap = CreditCap("MY-PROGRAM-CAP", SESSION, settings.decimal("credit_cap"))
    return [CreditFormula("MY-PROGRAM-CREDIT", SESSION, caps=(cap,))]
