"""The BC Practice Support Program's small group learning sessions: what the program declares
to the peerlearn host."""

from __future__ import annotations

from pathlib import Path

from strawberry.tools import merge_types

from core import hookimpl
from core.programs import (
    ActivityKind,
    CreditFormula,
    EligibilityRule,
    Migrations,
    ProgramInfo,
    ProgramSetting,
    SchemaPart,
)
from plugins.psp_sgls import SESSION, SLUG
from plugins.psp_sgls.models import MODELS
from plugins.psp_sgls.series.mutations import SeriesMutation
from plugins.psp_sgls.series.queries import SeriesQuery
from plugins.psp_sgls.sessions.mutations import SessionsMutation
from plugins.psp_sgls.sessions.queries import SessionsQuery
from plugins.psp_sgls.sessions.rules import Participants
from plugins.psp_sgls.sessions.service import CREDIT
from plugins.psp_sgls.settings import SETTINGS


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug=SLUG,
        title="PSP small group learning sessions",
        organization_kind="division",
        version="1.0.0",
        graphql_prefix="psp",
        description="BC Practice Support Program: series of small group learning sessions run "
        "by divisions with their regional support team, action plans, payments and follow-up.",
    )


@hookimpl
def register_settings() -> list[ProgramSetting]:
    return list(SETTINGS)


@hookimpl
def register_models() -> list[type]:
    return list(MODELS)


@hookimpl
def register_migrations() -> Migrations:
    return Migrations(directory=Path(__file__).parent / "migrations")


@hookimpl
def register_schema() -> SchemaPart:
    """The domain folders' root fields, gathered here so no folder imports another's GraphQL."""
    return SchemaPart(
        query=merge_types("PspQueries", (SeriesQuery, SessionsQuery)),
        mutation=merge_types("PspMutations", (SeriesMutation, SessionsMutation)),
    )


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [
        ActivityKind(
            SESSION,
            "Small group learning session",
            "A session of a series, at most 12 participants, scheduled by a division.",
            program_managed=True,
        )
    ]


@hookimpl
def register_credit_formulas() -> list[CreditFormula]:
    """Credit per hour at the session's certification rate; none while awaiting it."""
    return [CreditFormula(CREDIT, SESSION, description="Mainpro+ credit per hour attended.")]


@hookimpl
def register_eligibility_rules() -> list[EligibilityRule]:
    return [Participants()]
