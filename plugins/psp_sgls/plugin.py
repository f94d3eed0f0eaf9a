"""The BC Practice Support Program's small group learning sessions: what the program declares
to the peerlearn host."""

from __future__ import annotations

from pathlib import Path

from strawberry.tools import merge_types

from core import hookimpl
from core.events import ATTENDANCE_RECORDED, EventHandler
from core.graphql.nodes import public_nodes
from core.i18n import N_
from core.privacy.export import rows_about
from core.programs import (
    ActivityKind,
    CreditFormula,
    DueItemKind,
    EligibilityRule,
    ExportSpec,
    Interval,
    Migrations,
    PersonalDataExport,
    PlanKind,
    ProgramInfo,
    ProgramSetting,
    Question,
    QuestionnaireSpec,
    QuestionType,
    SchemaPart,
)
from core.registry import DemoLoader
from plugins.psp_sgls import (
    ACTION_PLAN,
    QUESTIONNAIRE_DUE,
    QUESTIONNAIRE_KEY,
    SESSION,
    SLUG,
)
from plugins.psp_sgls.demo import load_demo
from plugins.psp_sgls.exports import EXPORTS
from plugins.psp_sgls.followup.mutations import FollowupMutation
from plugins.psp_sgls.followup.rules import ACTION_PLAN_RULE, RULES, action_plan_helpers
from plugins.psp_sgls.followup.service import ask_for_questionnaire
from plugins.psp_sgls.funding.mutations import FundingMutation
from plugins.psp_sgls.models import MODELS, Session, Topic
from plugins.psp_sgls.reporting.queries import ReportingQuery
from plugins.psp_sgls.series.mutations import SeriesMutation
from plugins.psp_sgls.series.queries import SeriesQuery
from plugins.psp_sgls.sessions.mutations import SessionsMutation
from plugins.psp_sgls.sessions.queries import SessionsQuery
from plugins.psp_sgls.sessions.rules import Participants, SeatsLeft
from plugins.psp_sgls.sessions.service import CREDIT
from plugins.psp_sgls.sessions.types import PspSession
from plugins.psp_sgls.settings import SETTINGS
from plugins.psp_sgls.visits.mutations import VisitsMutation, VisitsQuery


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug=SLUG,
        title="PSP small group learning sessions",
        organization_kind="division",
        version="1.0.0",
        graphql_prefix="psp",
        description=N_(
            "BC Practice Support Program: series of small group learning sessions run "
            "by divisions with their regional support team, action plans, payments and follow-up."
        ),
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
        query=merge_types("PspQueries", (SeriesQuery, SessionsQuery, ReportingQuery, VisitsQuery)),
        mutation=merge_types(
            "PspMutations",
            (
                SeriesMutation,
                SessionsMutation,
                FollowupMutation,
                FundingMutation,
                VisitsMutation,
            ),
        ),
        nodes={"PspSession": public_nodes(Session, PspSession.from_row)},
    )


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [
        ActivityKind(
            SESSION,
            N_("Small group learning session"),
            N_("A session of a series, at most 12 participants, scheduled by a division."),
            program_managed=True,
        )
    ]


@hookimpl
def register_credit_formulas() -> list[CreditFormula]:
    """Credit per hour at the session's certification rate; none while awaiting it."""
    return [CreditFormula(CREDIT, SESSION, description="Mainpro+ credit per hour attended.")]


@hookimpl
def register_eligibility_rules() -> list[EligibilityRule]:
    return [Participants(), SeatsLeft(), *RULES]


@hookimpl
def register_plan_kinds() -> list[PlanKind]:
    """SGLS-ACTION-PLAN: a physician's action plan about a session (its ``subjectId`` is the
    session's ``number``), linking its learnings to a QI activity in at least one goal. The
    division's coordinators and peer mentors may draft it with them; the physician submits."""
    return [
        PlanKind(
            ACTION_PLAN,
            N_("SGLS action plan"),
            owner="person",
            rule=ACTION_PLAN_RULE,
            min_goals=1,
            co_editors=action_plan_helpers,
        )
    ]


@hookimpl
def register_due_item_kinds() -> list[DueItemKind]:
    return [
        DueItemKind(
            QUESTIONNAIRE_DUE,
            N_("Self-reflective questionnaire"),
            program_managed=True,
            offset=Interval(months=2),
        )
    ]


@hookimpl
def register_questionnaires() -> list[QuestionnaireSpec]:
    """SGLS-QUESTIONNAIRE: what the physician reflects on two months after the session."""
    return [
        QuestionnaireSpec(
            key=QUESTIONNAIRE_KEY,
            version=1,
            title=N_("Small group learning session: self-reflective questionnaire"),
            due_item_kind=QUESTIONNAIRE_DUE,
            questions=(
                Question("changed", N_("What did you change in your practice?"), QuestionType.TEXT),
                Question(
                    "action_plan",
                    N_("Did you carry out your action plan?"),
                    QuestionType.SINGLE_CHOICE,
                    choices=("Fully", "Partly", "Not yet"),
                ),
                Question("useful", N_("How useful was the session?"), QuestionType.SCALE),
            ),
        )
    ]


@hookimpl
def register_event_handlers() -> list[EventHandler]:
    return [EventHandler(ATTENDANCE_RECORDED, ask_for_questionnaire)]


@hookimpl
def register_demo_data() -> DemoLoader:
    return load_demo


@hookimpl
def register_exports() -> list[ExportSpec]:
    """The provincial aggregate and the payments due, as spreadsheets."""
    return EXPORTS


@hookimpl
def register_personal_data() -> PersonalDataExport:
    """The payments for their sessions, the topics they proposed and the sessions they led."""
    return rows_about(
        MODELS,
        also={
            Topic: lambda person: Topic.proposed_by_id == person,
            Session: lambda person: Session.lead_id == person,
        },
    )
