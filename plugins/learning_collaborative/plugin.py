"""The learning collaborative's hooks: what the program declares to the peerlearn host."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from strawberry.tools import merge_types

from core import hookimpl
from core.i18n import N_
from core.privacy.export import rows_about
from core.programs import (
    ActivityKind,
    CertificationSpec,
    CreditFormula,
    DueItemKind,
    GroupKind,
    Interval,
    Migrations,
    PersonalDataExport,
    Professions,
    ProgramInfo,
    ProgramSetting,
    Recurrence,
    Roles,
    SchemaPart,
)
from core.registry import DemoLoader
from core.settings import ProgramSettings
from plugins.learning_collaborative import (
    COLLABORATIVE,
    LEARNING_SESSION,
    MONTHLY_CALL,
    MONTHLY_REPORT,
    SLUG,
    TEAM,
)
from plugins.learning_collaborative.assessments.mutations import AssessmentsMutation
from plugins.learning_collaborative.assessments.queries import AssessmentsQuery
from plugins.learning_collaborative.charter.mutations import CharterMutation
from plugins.learning_collaborative.charter.queries import CharterQuery
from plugins.learning_collaborative.demo import load_demo
from plugins.learning_collaborative.models import MODELS, OfficeItem, PdsaCycle, Spread
from plugins.learning_collaborative.office.mutations import OfficeMutation
from plugins.learning_collaborative.office.queries import OfficeQuery
from plugins.learning_collaborative.pdsa.mutations import PdsaMutation
from plugins.learning_collaborative.pdsa.queries import PdsaQuery
from plugins.learning_collaborative.reports.mutations import ReportsMutation
from plugins.learning_collaborative.reports.queries import ReportsQuery
from plugins.learning_collaborative.sessions.mutations import SessionsMutation
from plugins.learning_collaborative.sessions.queries import SessionsQuery
from plugins.learning_collaborative.teams.mutations import TeamsMutation
from plugins.learning_collaborative.teams.queries import TeamsQuery

CREDIT = "LC-CREDIT"
CERTIFIED_SINCE = date(2024, 1, 1)
# The longest collaborative (15 months) and its pre-work month: how many reports a team owes.
MONTHLY_REPORTS = 16


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug=SLUG,
        title="Learning Collaborative (Breakthrough Series)",
        organization_kind="association",
        version="1.0.0",
        graphql_prefix="lc",
        description=N_(
            "Faculty, QI coaches and practice QI teams run a 12-15 month "
            "collaborative: a charter, learning sessions, PDSA cycles and monthly measures."
        ),
    )


@hookimpl
def register_settings() -> list[ProgramSetting]:
    return [
        ProgramSetting(
            "learning_sessions", 4, N_("Learning sessions in a collaborative (LC-SESSIONS)."), 1, 8
        ),
        ProgramSetting("session_days", 2, N_("Days of each learning session (LC-SESSIONS)."), 1, 5),
        ProgramSetting(
            "max_months", 15, N_("Longest collaborative, in months (LC-SESSIONS)."), 1, 36
        ),
        ProgramSetting("team_max_size", 12, N_("Most people on a practice team."), 2, 40),
        ProgramSetting(
            "report_due_day",
            15,
            N_("Day of the next month a month's report is due (LC-MONTHLY)."),
            1,
            28,
        ),
        ProgramSetting(
            "credit_rate",
            Decimal(0),
            N_("Credits per learning-session hour; 0 certifies none (LC-CREDIT)."),
            minimum=Decimal(0),
        ),
    ]


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
        query=merge_types(
            "LcQueries",
            (
                CharterQuery,
                TeamsQuery,
                ReportsQuery,
                PdsaQuery,
                SessionsQuery,
                OfficeQuery,
                AssessmentsQuery,
            ),
        ),
        mutation=merge_types(
            "LcMutations",
            (
                CharterMutation,
                TeamsMutation,
                ReportsMutation,
                PdsaMutation,
                SessionsMutation,
                OfficeMutation,
                AssessmentsMutation,
            ),
        ),
    )


@hookimpl
def register_group_kinds(settings: ProgramSettings) -> list[GroupKind]:
    return [
        GroupKind(COLLABORATIVE, N_("Collaborative"), "LC-CAPACITY", program_managed=True),
        GroupKind(
            TEAM,
            N_("Team"),
            "LC-TEAM",
            max_capacity=settings.integer("team_max_size"),
            member_formed=True,
            parent_kind=COLLABORATIVE,
            parent_required=True,
            practice=True,
            composition=(Professions(at_least=2), Roles("lead", at_least=1, at_most=1)),
        ),
    ]


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [
        ActivityKind(
            LEARNING_SESSION,
            N_("Learning session"),
            N_("A two-day session where teams learn and plan (LC-SESSIONS)."),
            program_managed=True,
        ),
        ActivityKind(
            MONTHLY_CALL,
            N_("Monthly call"),
            N_("A call where all teams report and discuss progress (LC-CALLS)."),
            program_managed=True,
        ),
    ]


@hookimpl
def register_credit_formulas() -> list[CreditFormula]:
    return [
        CreditFormula(CREDIT, LEARNING_SESSION, description="Hours of learning-session days."),
        CreditFormula("LC-CALLS", MONTHLY_CALL, description="Hours on monthly calls."),
    ]


@hookimpl
def register_certifications(settings: ProgramSettings) -> list[CertificationSpec]:
    """LC-CREDIT: credit only where the deploying organization sets a rate; none by default."""
    rate = settings.decimal("credit_rate")
    if rate == 0:
        return []
    return [
        CertificationSpec(
            code="LC-LEARNING-SESSIONS",
            activity_kind=LEARNING_SESSION,
            title="Learning collaborative learning sessions",
            credit_system="mainpro+",
            credit_type="certified",
            rate=rate,
            unit="hour",
            effective_from=CERTIFIED_SINCE,
        )
    ]


@hookimpl
def register_due_item_kinds() -> list[DueItemKind]:
    return [
        DueItemKind(
            MONTHLY_REPORT,
            N_("Monthly measure report"),
            program_managed=True,
            recurrence=Recurrence(Interval(months=1), count=MONTHLY_REPORTS),
            reminders=(-3, 0, 1),
        )
    ]


@hookimpl
def register_demo_data() -> DemoLoader:
    return load_demo


@hookimpl
def register_personal_data() -> PersonalDataExport:
    """No table here names a person as its subject (teams are core groups); what they wrote
    does: the PDSA cycles they started, the spread they recorded, their posts to the office."""
    return rows_about(
        MODELS,
        also={
            PdsaCycle: lambda person: PdsaCycle.created_by_id == person,
            Spread: lambda person: Spread.recorded_by_id == person,
            OfficeItem: lambda person: OfficeItem.author_id == person,
        },
    )
