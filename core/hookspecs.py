"""Every hook a program can implement. Hooks run once, at startup, each for one program.

Each hook returns plain declarations (``core.programs``); async work lives inside the objects
returned, since pluggy hooks are synchronous. Hooks that take ``settings`` receive the
program's own resolved settings (``core.settings.ProgramSettings``); an implementation may
leave the argument out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

from core import PROJECT_NAME

if TYPE_CHECKING:
    from core.access import AccessRule
    from core.events import EventHandler
    from core.programs import (
        ActivityKind,
        CertificationSpec,
        CreditFormula,
        DueItemKind,
        EligibilityRule,
        ExportSpec,
        GroupKind,
        Migrations,
        PeriodicTask,
        PersonalDataExport,
        PlanKind,
        ProgramInfo,
        ProgramSetting,
        QuestionnaireSpec,
        SchemaPart,
    )
    from core.registry import DemoLoader
    from core.settings import ProgramSettings

hookspec = pluggy.HookspecMarker(PROJECT_NAME)

# --- identity ------------------------------------------------------------------------------


@hookspec
def program_info() -> ProgramInfo:
    """The program's slug (== entry-point name), title, organization kind, version, prefix."""


@hookspec
def register_settings() -> list[ProgramSetting]:
    """Settings with defaults (rates, caps, sizes, delays) a deploying organization may change."""


# --- storage -------------------------------------------------------------------------------


@hookspec
def register_models() -> list[type]:
    """SQLAlchemy mapped classes of the program; their tables are prefixed with the slug."""


@hookspec
def register_migrations() -> Migrations:
    """The directory of the program's Alembic revisions (one branch labelled with the slug)."""


# --- API -----------------------------------------------------------------------------------


@hookspec
def register_schema(settings: ProgramSettings) -> SchemaPart:
    """Query and mutation parts, extra types and node resolvers merged into the one API."""


# --- program rules -------------------------------------------------------------------------


@hookspec
def register_activity_kinds() -> list[ActivityKind]:
    """Activity kinds ``<slug>.<kind>`` that can earn credit."""


@hookspec
def register_group_kinds(settings: ProgramSettings) -> list[GroupKind]:
    """Capacity-bound group kinds ``<slug>.<kind>`` with the rule ID that bounds them."""


@hookspec
def register_due_item_kinds() -> list[DueItemKind]:
    """Kinds ``<slug>.<kind>`` of what people owe; managed kinds are completed by the program."""


@hookspec
def register_certifications(settings: ProgramSettings) -> list[CertificationSpec]:
    """Certifications (kind, credit type, rate, unit, effective dates) seeded on upgrade."""


@hookspec
def register_credit_formulas(settings: ProgramSettings) -> list[CreditFormula]:
    """For each activity kind: which certification's rate applies and which caps bound it."""


@hookspec
def register_eligibility_rules(settings: ProgramSettings) -> list[EligibilityRule]:
    """Rules checked before actions; each returns a decision whose reasons carry its rule ID."""


@hookspec
def register_plan_kinds() -> list[PlanKind]:
    """Kinds ``<slug>.<kind>`` of plans (owned by a person or a group) and their goal rules."""


# --- access --------------------------------------------------------------------------------


@hookspec
def register_access_rules(settings: ProgramSettings) -> list[AccessRule]:
    """Who else may see a person through the program's own relationships (e.g. a match)."""


# --- events --------------------------------------------------------------------------------


@hookspec
def register_event_handlers() -> list[EventHandler]:
    """Reactions to what happened to the program's objects (``core.events``), run in the
    transaction of the change."""


# --- questionnaires -------------------------------------------------------------------------


@hookspec
def register_questionnaires(settings: ProgramSettings) -> list[QuestionnaireSpec]:
    """Versioned questionnaires people answer about a subject (``core.questionnaires``)."""


# --- demo ----------------------------------------------------------------------------------


@hookspec
def register_demo_data() -> DemoLoader:
    """An async loader that adds the program's demo data (``peerlearn demo-data``)."""


# --- tasks ---------------------------------------------------------------------------------


@hookspec
def register_tasks(settings: ProgramSettings) -> list[PeriodicTask]:
    """Work that must happen at a time (a quarter's certificates), each idempotent; core runs
    them on its schedule (``peerlearn worker``, or the server on SQLite)."""


# --- exports -------------------------------------------------------------------------------


@hookspec
def register_exports(settings: ProgramSettings) -> list[ExportSpec]:
    """CSV documents ``<slug>.<name>`` staff download at ``/exports/<name>.csv`` (a report
    for an outside body, the program's aggregates), each with the access check of the same
    data in GraphQL; core streams them (``core.exports``)."""


# --- privacy -------------------------------------------------------------------------------


@hookspec
def register_personal_data() -> PersonalDataExport:
    """What the program holds about one person, for the export a person downloads of all
    their data (``/people/{person_id}/data.json``): an async function of a read session and
    the person's ID returning JSON-ready sections, usually ``core.privacy.export.rows_about``
    over the program's tables. A program that holds personal data and answers nothing here
    breaks the promise that the export is complete."""
