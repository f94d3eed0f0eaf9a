"""The example program's hooks: workshops earn 3 credits an hour up to 36; circles hold 12."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from core import hookimpl
from core.access import AccessRule, Viewer, group_companions
from core.eligibility import Decision, EligibilityCheck
from core.events import ATTENDANCE_RECORDED
from core.groups.models import Group
from core.people.models import Person
from core.programs import (
    ActivityKind,
    CertificationSpec,
    CreditCap,
    CreditFormula,
    DueItemKind,
    EventHandler,
    GroupKind,
    Migrations,
    ProgramInfo,
    ProgramSetting,
    Question,
    QuestionnaireSpec,
    QuestionType,
    SchemaPart,
)
from core.registry import DemoContext, DemoLoader
from core.settings import ProgramSettings
from peerlearn_example.graphql import ExMutation, ExQuery
from peerlearn_example.models import Note
from peerlearn_example.service import REFLECTION, ask_for_reflection

SLUG = "example"
WORKSHOP = f"{SLUG}.workshop"
CIRCLE = f"{SLUG}.circle"


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug=SLUG,
        title="Example program",
        organization_kind="association",
        version="1.0.0",
        graphql_prefix="ex",
        description="Shows an outside developer every hook.",
    )


@hookimpl
def register_settings() -> list[ProgramSetting]:
    return [
        ProgramSetting("workshop_cap", Decimal(36), "Most credits from workshops.", Decimal(0)),
        ProgramSetting("circle_size", 12, "Most people in a circle.", minimum=1, maximum=12),
    ]


@hookimpl
def register_models() -> list[type]:
    return [Note]


@hookimpl
def register_migrations() -> Migrations:
    return Migrations(directory=Path(__file__).parent / "migrations")


@hookimpl
def register_schema() -> SchemaPart:
    return SchemaPart(query=ExQuery, mutation=ExMutation)


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [ActivityKind(WORKSHOP, "Workshop", "Hours with a facilitator.")]


@hookimpl
def register_group_kinds(settings: ProgramSettings) -> list[GroupKind]:
    return [
        GroupKind(CIRCLE, "Circle", "EX-CAPACITY", max_capacity=settings.integer("circle_size"))
    ]


@hookimpl
def register_due_item_kinds() -> list[DueItemKind]:
    return [
        DueItemKind(f"{SLUG}.reading", "Reading before a workshop"),
        DueItemKind(REFLECTION, "Reflection after a workshop", program_managed=True),
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
    ]


@hookimpl
def register_credit_formulas(settings: ProgramSettings) -> list[CreditFormula]:
    cap = CreditCap("EX-CREDIT", WORKSHOP, settings.decimal("workshop_cap"))
    return [
        CreditFormula("EX-CREDIT", WORKSHOP, caps=(cap,)),
    ]


class PhysiciansOnly:
    """EX-PHYSICIAN: only physicians take a place in an example circle or earn its credits."""

    code = "EX-PHYSICIAN"
    applies_to = frozenset({"core.group.join", "core.credit.award"})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        person = await check.session.get(Person, check.person_id)
        if person is not None and person.profession.is_physician:
            return Decision.allow(self.code, "Physicians take part and earn credit.")
        return Decision.deny(self.code, "Only physicians take part in example circles.")


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
            title="Workshop reflection",
            due_item_kind=REFLECTION,
            questions=(
                Question("learned", "What will you change in your practice?", QuestionType.TEXT),
                Question(
                    "format",
                    "Which format suited you?",
                    QuestionType.SINGLE_CHOICE,
                    choices=("In person", "Online"),
                ),
                Question(
                    "topics",
                    "Which topics should come next?",
                    QuestionType.MULTIPLE_CHOICE,
                    required=False,
                    choices=("Billing", "Prescribing", "Wellness"),
                ),
                Question("useful", "How useful was it?", QuestionType.SCALE),
                Question("recommend", "Would you recommend it?", QuestionType.YES_NO, False),
            ),
        )
    ]
