"""The example program's hooks: workshops earn 3 credits an hour up to 36; circles hold 12.

Members form peer groups of at most 7 and invite peers (as CPSO QI Groups do); a collaborative
holds practice teams of at least two professions with one lead (as a learning collaborative
does); regions nest under regions."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from core import hookimpl
from core.access import AccessRule, Viewer, group_companions, require_visible
from core.eligibility import Decision, EligibilityCheck
from core.events import ATTENDANCE_RECORDED
from core.exports import parameters, stream
from core.groups.models import Group
from core.i18n import N_
from core.people.models import Person
from core.privacy.export import rows_about
from core.programs import (
    ActivityKind,
    CertificationSpec,
    CreditCap,
    CreditFormula,
    DueItemKind,
    EventHandler,
    ExportSpec,
    GroupKind,
    Interval,
    Migrations,
    PeriodicTask,
    PersonalDataExport,
    PlanKind,
    Professions,
    ProgramInfo,
    ProgramSetting,
    Question,
    QuestionnaireSpec,
    QuestionType,
    Recurrence,
    Roles,
    SchemaPart,
)
from core.registry import DemoContext, DemoLoader
from core.settings import ProgramSettings
from peerlearn_example import repository
from peerlearn_example.graphql import ExMutation, ExQuery
from peerlearn_example.i18n import _
from peerlearn_example.models import Note
from peerlearn_example.service import REFLECTION, ask_for_reflection, retire_readings

SLUG = "example"
WORKSHOP = f"{SLUG}.workshop"
CIRCLE = f"{SLUG}.circle"
MONTHLY_REPORT = f"{SLUG}.monthly_report"
IMPROVEMENT_PLAN = f"{SLUG}.improvement_plan"
EXERCISE = f"{SLUG}.exercise"
"""An achievement kind: a completed exercise earns a fixed credit, with no activity."""
PEER_GROUP = f"{SLUG}.peer_group"
COLLABORATIVE = f"{SLUG}.collaborative"
TEAM = f"{SLUG}.team"
REGION = f"{SLUG}.region"

# The example speaks English and French, as any program may: its sentences (``_`` from
# peerlearn_example.i18n) and the words it declares (marked ``N_``, said by core in the reader's
# language) are translated in its own catalog, peerlearn_example/locale/fr/LC_MESSAGES/messages.po,
# shipped with the distribution as package data.


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug=SLUG,
        title="Example program",
        organization_kind="association",
        version="1.0.0",
        graphql_prefix="ex",
        description=N_("Shows an outside developer every hook."),
    )


@hookimpl
def register_settings() -> list[ProgramSetting]:
    return [
        ProgramSetting("workshop_cap", Decimal(36), N_("Most credits from workshops."), Decimal(0)),
        ProgramSetting("circle_size", 12, N_("Most people in a circle."), minimum=1, maximum=12),
    ]


@hookimpl
def register_models() -> list[type]:
    return [Note]


@hookimpl
def register_personal_data() -> PersonalDataExport:
    """A person's notes are theirs: every row naming them."""
    return rows_about(register_models())


@hookimpl
def register_migrations() -> Migrations:
    return Migrations(directory=Path(__file__).parent / "migrations")


@hookimpl
def register_schema() -> SchemaPart:
    return SchemaPart(query=ExQuery, mutation=ExMutation)


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [ActivityKind(WORKSHOP, N_("Workshop"), N_("Hours with a facilitator."))]


@hookimpl
def register_group_kinds(settings: ProgramSettings) -> list[GroupKind]:
    return [
        GroupKind(
            CIRCLE, N_("Circle"), "EX-CAPACITY", max_capacity=settings.integer("circle_size")
        ),
        GroupKind(
            PEER_GROUP,
            N_("Peer group"),
            "EX-PEER-SIZE",
            max_capacity=7,
            member_formed=True,
            invitation_days=21,
        ),
        GroupKind(COLLABORATIVE, N_("Collaborative"), "EX-CAPACITY"),
        GroupKind(
            TEAM,
            N_("Team"),
            "EX-CAPACITY",
            max_capacity=12,
            member_formed=True,
            parent_kind=COLLABORATIVE,
            parent_required=True,
            practice=True,
            composition=(Professions(at_least=2), Roles("lead", at_least=1, at_most=1)),
        ),
        GroupKind(REGION, N_("Region"), "EX-CAPACITY", parent_kind=REGION),
    ]


@hookimpl
def register_due_item_kinds() -> list[DueItemKind]:
    return [
        DueItemKind(f"{SLUG}.reading", N_("Reading before a workshop")),
        DueItemKind(REFLECTION, N_("Reflection after a workshop"), program_managed=True),
        # Owed two months after a workshop (``schedule_due_item(after=)``), like SGLS-QUESTIONNAIRE.
        DueItemKind(f"{SLUG}.follow_up", N_("Follow-up questionnaire"), offset=Interval(months=2)),
        # A report every month for a year, like LC-MONTHLY, reminded three days ahead too.
        DueItemKind(
            MONTHLY_REPORT,
            N_("Monthly report"),
            recurrence=Recurrence(Interval(months=1), count=12),
            reminders=(-3, 0, 1),
        ),
    ]


@hookimpl
def register_certifications() -> list[CertificationSpec]:
    return [
        CertificationSpec(
            code="EX-2019",
            activity_kind=WORKSHOP,
            title="Example workshops (2019 certification)",
            credit_system="mainpro+",
            credit_type="certified",
            rate=Decimal(3),
            unit="hour",
            effective_from=date(2019, 1, 1),
            effective_to=date(2024, 11, 30),
        ),
        CertificationSpec(
            code="EX-2024",
            activity_kind=WORKSHOP,
            title="Example workshops (2024 certification)",
            credit_system="mainpro+",
            credit_type="certified",
            rate=Decimal(1),
            unit="hour",
            effective_from=date(2024, 12, 1),
        ),
        CertificationSpec(
            code="EX-EXERCISE",
            activity_kind=EXERCISE,
            title="Example exercises (certified assessment, 5 credits each)",
            credit_system="mainpro+",
            credit_type="certified-assessment",
            rate=Decimal(5),
            unit="achievement",
            effective_from=date(2024, 12, 1),
        ),
    ]


@hookimpl
def register_credit_formulas(settings: ProgramSettings) -> list[CreditFormula]:
    cap = CreditCap("EX-CREDIT", WORKSHOP, settings.decimal("workshop_cap"))
    return [
        CreditFormula("EX-CREDIT", WORKSHOP, caps=(cap,)),
        CreditFormula(
            "EX-EXERCISE", EXERCISE, caps=(CreditCap("EX-EXERCISE", EXERCISE, Decimal(12)),)
        ),
    ]


class PhysiciansOnly:
    """EX-PHYSICIAN: only physicians take a place in an example circle or peer group, form a
    peer group, or earn credits; teams are interdisciplinary, and anyone may be in one."""

    code = "EX-PHYSICIAN"
    applies_to = frozenset({"core.group.join", "core.group.form", "core.credit.award"})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        if check.params.get("group_kind") in (COLLABORATIVE, TEAM, REGION):
            return Decision.allow(self.code, _("Anyone takes part in a team."))
        person = await check.session.get(Person, check.person_id)
        if person is not None and person.profession.is_physician:
            return Decision.allow(self.code, _("Physicians take part and earn credit."))
        return Decision.deny(self.code, _("Only physicians take part in example circles."))


@hookimpl
def register_eligibility_rules() -> list[PhysiciansOnly]:
    return [PhysiciansOnly()]


def _circle_companions(viewer: Viewer) -> ColumnElement[bool] | None:
    """People in an example circle with the viewer see each other (a program decision)."""
    return group_companions(viewer, Group.kind == CIRCLE)


@hookimpl
def register_access_rules() -> list[AccessRule]:
    return [AccessRule("example.circle-companions", _circle_companions)]


async def _demo(session: AsyncSession, demo: DemoContext) -> None:
    session.add(Note(person_id=demo.people["physician"], text="Try the example program."))


@hookimpl
def register_demo_data() -> DemoLoader:
    return _demo


@hookimpl
def register_event_handlers() -> list[EventHandler]:
    return [EventHandler(ATTENDANCE_RECORDED, ask_for_reflection)]


@hookimpl
def register_questionnaires() -> list[QuestionnaireSpec]:
    """Asked about a workshop after it; answering completes the reflection due about it."""
    return [
        QuestionnaireSpec(
            key="reflection",
            version=1,
            title=N_("Workshop reflection"),
            due_item_kind=REFLECTION,
            questions=(
                Question(
                    "learned", N_("What will you change in your practice?"), QuestionType.TEXT
                ),
                Question(
                    "format",
                    N_("Which format suited you?"),
                    QuestionType.SINGLE_CHOICE,
                    choices=("In person", "Online"),
                ),
                Question(
                    "topics",
                    N_("Which topics should come next?"),
                    QuestionType.MULTIPLE_CHOICE,
                    required=False,
                    choices=("Billing", "Prescribing", "Wellness"),
                ),
                Question("useful", N_("How useful was it?"), QuestionType.SCALE),
                Question("recommend", N_("Would you recommend it?"), QuestionType.YES_NO, False),
            ),
        )
    ]


@hookimpl
def register_tasks() -> list[PeriodicTask]:
    return [PeriodicTask(f"{SLUG}.retire_readings", retire_readings, cron="0 3 * * *")]


@hookimpl
def register_plan_kinds() -> list[PlanKind]:
    """A circle's shared plan: two goals at least, short-term within 3 months, long-term 6-12."""
    return [
        PlanKind(
            IMPROVEMENT_PLAN,
            N_("Circle improvement plan"),
            owner="group",
            rule="EX-PLAN",
            min_goals=2,
            short_term_days=(1, 92),
            long_term_days=(183, 366),
        )
    ]


async def _note_reader(session: AsyncSession, viewer: Viewer, params: Mapping[str, str]) -> int:
    """Whoever may see the person may read their notes, as through ``exNotes``."""
    person_id = parameters.node(params, "personId", "Person")
    await require_visible(session, viewer, Person, person_id)
    return person_id


async def _notes(session: AsyncSession, person_id: int) -> AsyncIterator[Sequence[object]]:
    async for note in stream(session, repository.notes(person_id)):
        yield (note.created_at.date(), note.text)


@hookimpl
def register_exports() -> list[ExportSpec]:
    """A person's notes, as a spreadsheet."""
    return [
        ExportSpec(
            name=f"{SLUG}.notes",
            title=lambda: _("Notes"),
            columns=("written_on", "text"),
            headers=lambda: (_("Written on"), _("Note")),
            check=_note_reader,
            rows=_notes,
            parameters=("personId",),
        )
    ]
