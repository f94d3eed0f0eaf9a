"""What the enabled programs declared, collected once at startup: the Registry every service
consults. Loading programs is ``core.plugin_host``'s job."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.access import AccessRule
from core.events import EVENTS, EventHandler
from core.i18n import Catalog
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
from core.settings import ProgramSettings, Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

CORE_SLUG = "core"


class ProgramError(RuntimeError):
    """A program is missing, misnamed or collides with another; startup stops with this."""


@dataclass(frozen=True)
class Program:
    """Everything one enabled program declared, collected once at startup."""

    info: ProgramInfo
    settings: ProgramSettings
    setting_specs: tuple[ProgramSetting, ...]
    models: tuple[type, ...]
    migrations: Migrations | None
    schema: SchemaPart
    activity_kinds: tuple[ActivityKind, ...]
    group_kinds: tuple[GroupKind, ...]
    due_item_kinds: tuple[DueItemKind, ...]
    certifications: tuple[CertificationSpec, ...]
    credit_formulas: tuple[CreditFormula, ...]
    eligibility_rules: tuple[EligibilityRule, ...]
    access_rules: tuple[AccessRule, ...]
    demo_data: DemoLoader | None
    event_handlers: tuple[EventHandler, ...] = ()
    questionnaires: tuple[QuestionnaireSpec, ...] = ()
    tasks: tuple[PeriodicTask, ...] = ()
    plan_kinds: tuple[PlanKind, ...] = ()
    exports: tuple[ExportSpec, ...] = ()
    personal_data: PersonalDataExport | None = None
    # The program's own translations: what it declared (its description, its settings', its
    # questionnaires' words) is read in the reader's language through ``say``.
    catalog: Catalog | None = None

    @property
    def slug(self) -> str:
        return self.info.slug

    def say(self, declared: str) -> str:
        """A sentence the program declared (marked ``N_``), in the reader's language."""
        return self.catalog(declared) if self.catalog is not None and declared else declared


class Registry:
    """The enabled programs (core first) and indexes over what they declared."""

    def __init__(self, programs: Iterable[Program], settings: Settings | None = None) -> None:
        # The process-wide settings the programs were loaded with; tasks read theirs here
        # (the mail server of core's email delivery).
        self.settings = settings or Settings()
        self.programs: tuple[Program, ...] = tuple(programs)
        self._by_slug = {p.slug: p for p in self.programs}
        self.activity_kinds = _index(self.programs, "activity_kinds", "name", "activity kind")
        self.group_kinds = _index(self.programs, "group_kinds", "name", "group kind")
        self.due_item_kinds = _index(self.programs, "due_item_kinds", "name", "due item kind")
        self.formulas = _index(self.programs, "credit_formulas", "activity_kind", "credit formula")
        self.certifications = _index(self.programs, "certifications", "code", "certification")
        self.tasks: dict[str, PeriodicTask] = _index(self.programs, "tasks", "name", "task")
        self.plan_kinds = _index(self.programs, "plan_kinds", "name", "plan kind")
        self.exports: dict[str, ExportSpec] = _index(self.programs, "exports", "name", "export")
        self._rules: dict[str, list[tuple[str, EligibilityRule]]] = {}
        for program in self.programs:
            for rule in program.eligibility_rules:
                for action in sorted(rule.applies_to):
                    self._rules.setdefault(action, []).append((program.slug, rule))
        self._handlers: dict[tuple[str, str], list[EventHandler]] = {}
        for program in self.programs:
            for handler in program.event_handlers:
                if handler.event not in EVENTS:
                    raise ProgramError(
                        f"program {program.slug!r} handles {handler.event!r}, which core never "
                        f"raises (events: {', '.join(sorted(EVENTS))})"
                    )
                self._handlers.setdefault((program.slug, handler.event), []).append(handler)
        self._questionnaires: dict[tuple[str, str], list[QuestionnaireSpec]] = {}
        for program in self.programs:
            for spec in program.questionnaires:
                self._questionnaires.setdefault((program.slug, spec.key), []).append(spec)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(self._by_slug)

    def program(self, slug: str) -> Program:
        return self._by_slug[slug]

    def title_of(self, slug: str) -> str:
        """A program's title for people to read; records outlive a program being enabled,
        and then its slug names it."""
        return self._by_slug[slug].info.title if slug in self._by_slug else slug

    def say(self, slug: str, declared: str) -> str:
        """What a program declared (marked ``N_``), in the reader's language; as declared
        when the program is no longer enabled."""
        return self._by_slug[slug].say(declared) if slug in self._by_slug else declared

    def rules_for(self, action: str, program: str | None = None) -> list[EligibilityRule]:
        """Rules governing an action; on a program's object (``program`` given), only core's
        rules and that program's, so one program's rules never reach another's groups."""
        return [
            rule
            for owner, rule in self._rules.get(action, [])
            if program is None or owner in (CORE_SLUG, program)
        ]

    def event_handlers(self, program: str, event: str) -> list[EventHandler]:
        """The handlers ``program`` declared for ``event``; no other program's."""
        return self._handlers.get((program, event), [])

    @property
    def access_rules(self) -> tuple[AccessRule, ...]:
        return tuple(rule for program in self.programs for rule in program.access_rules)

    @property
    def actions(self) -> list[str]:
        return sorted(self._rules)

    def questionnaire(
        self, program: str, key: str, version: int | None = None
    ) -> QuestionnaireSpec | None:
        """A program's declared questionnaire: the given version, or the newest (the one
        answered now) when none is given."""
        versions = self._questionnaires.get((program, key), [])
        if version is None:
            return max(versions, key=lambda spec: spec.version, default=None)
        return next((spec for spec in versions if spec.version == version), None)


def _index(programs: tuple[Program, ...], attr: str, key: str, what: str) -> dict[str, Any]:
    index: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for program in programs:
        for item in getattr(program, attr):
            name = getattr(item, key)
            if name in index:
                raise ProgramError(
                    f"{what} {name!r} is declared by both {owner[name]!r} and {program.slug!r}"
                )
            index[name], owner[name] = item, program.slug
    return index


# What ``register_demo_data`` returns: an async loader adding a program's demo rows.
DemoLoader = Callable[["AsyncSession", "DemoContext"], Awaitable[None]]


@dataclass
class DemoContext:
    """What demo loaders share: the enabled programs, and the organizations and people core
    created, by key, so a program's demo data can refer to them without importing another
    program (and can call services that need the registry)."""

    registry: Registry
    organizations: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
