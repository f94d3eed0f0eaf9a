"""The program host: finds programs, enables the configured ones and collects what they declare.

Programs are found through the ``peerlearn.programs`` entry-point group, in-repo programs the
same way as third-party packages. Each hook is called once per enabled program, so everything
collected is attributed to the program that declared it, and a collision names both programs.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pluggy

from core import ENTRY_POINT_GROUP, PROJECT_NAME, hookspecs
from core.access import AccessRule
from core.programs import (
    ActivityKind,
    CertificationSpec,
    CreditFormula,
    DemoLoader,
    DueItemKind,
    EligibilityRule,
    GroupKind,
    Migrations,
    ProgramInfo,
    ProgramSetting,
    SchemaPart,
)
from core.settings import ProgramSettings, Settings

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

    @property
    def slug(self) -> str:
        return self.info.slug


class Registry:
    """The enabled programs (core first) and indexes over what they declared."""

    def __init__(self, programs: Iterable[Program]) -> None:
        self.programs: tuple[Program, ...] = tuple(programs)
        self._by_slug = {p.slug: p for p in self.programs}
        self.activity_kinds = _index(self.programs, "activity_kinds", "name", "activity kind")
        self.group_kinds = _index(self.programs, "group_kinds", "name", "group kind")
        self.due_item_kinds = _index(self.programs, "due_item_kinds", "name", "due item kind")
        self.formulas = _index(self.programs, "credit_formulas", "activity_kind", "credit formula")
        self.certifications = _index(self.programs, "certifications", "code", "certification")
        self._rules: dict[str, list[tuple[str, EligibilityRule]]] = {}
        for program in self.programs:
            for rule in program.eligibility_rules:
                for action in sorted(rule.applies_to):
                    self._rules.setdefault(action, []).append((program.slug, rule))

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(self._by_slug)

    def program(self, slug: str) -> Program:
        return self._by_slug[slug]

    def rules_for(self, action: str, program: str | None = None) -> list[EligibilityRule]:
        """Rules governing an action; on a program's object (``program`` given), only core's
        rules and that program's, so one program's rules never reach another's groups."""
        return [
            rule
            for owner, rule in self._rules.get(action, [])
            if program is None or owner in (CORE_SLUG, program)
        ]

    @property
    def access_rules(self) -> tuple[AccessRule, ...]:
        return tuple(rule for program in self.programs for rule in program.access_rules)

    @property
    def actions(self) -> list[str]:
        return sorted(self._rules)


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


def make_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    return pm


def installed_programs() -> dict[str, importlib.metadata.EntryPoint]:
    """Every program installed in this environment, by entry-point name."""
    return {ep.name: ep for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}


def installed_migrations() -> dict[str, Migrations]:
    """Every installed program's revisions, enabled or not. Alembic must be able to read a
    disabled program's revisions once they are recorded in the database, though it never
    runs them; this imports each installed program's hooks module, nothing more."""
    pm = make_plugin_manager()
    for name, entry_point in installed_programs().items():
        pm.register(entry_point.load(), name=name)
    return {
        impl.plugin_name: impl.function() for impl in pm.hook.register_migrations.get_hookimpls()
    }


def load_registry(
    settings: Settings, extra_programs: Mapping[str, ModuleType | object] | None = None
) -> Registry:
    """Register core plus the enabled programs, check them, and collect their declarations.

    ``extra_programs`` registers plugin objects directly by name, for tools and tests that
    check a program before it is packaged; installed programs come from entry points."""
    from core import builtin_program

    pm = make_plugin_manager()
    pm.register(builtin_program, name=CORE_SLUG)
    available: dict[str, Any] = dict(installed_programs())
    available.update(extra_programs or {})
    wanted = list(available) if settings.programs is None else list(settings.programs)
    unknown = [name for name in wanted if name not in available]
    if unknown:
        known = ", ".join(sorted(available)) or "none"
        raise ProgramError(
            f"PEERLEARN_PROGRAMS names {', '.join(map(repr, unknown))}, which is not installed "
            f"(installed programs: {known})"
        )
    for name in wanted:
        source = available[name]
        plugin = source.load() if isinstance(source, importlib.metadata.EntryPoint) else source
        pm.register(plugin, name=name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        raise ProgramError(f"program {error.plugin!r}: {error}") from error
    return Registry(_collect(pm, name, settings) for name in [CORE_SLUG, *wanted])


def _call(pm: pluggy.PluginManager, plugin_name: str, hook: str, **kwargs: Any) -> Any:
    """Call one program's implementation of a hook (None if it has none)."""
    for impl in getattr(pm.hook, hook).get_hookimpls():
        if impl.plugin_name == plugin_name:
            return impl.function(*(kwargs[arg] for arg in impl.argnames))
    return None


def _collect(pm: pluggy.PluginManager, name: str, settings: Settings) -> Program:
    info = _call(pm, name, "program_info")
    if not isinstance(info, ProgramInfo):
        raise ProgramError(f"program {name!r} must implement program_info() -> ProgramInfo")
    if info.slug != name:
        raise ProgramError(
            f"program {name!r} calls itself {info.slug!r}; the slug must equal its entry-point name"
        )
    specs = tuple(_call(pm, name, "register_settings") or ())
    program_settings = ProgramSettings.resolve(name, list(specs), settings.environ or {})
    kwargs = {"settings": program_settings}
    return Program(
        info=info,
        settings=program_settings,
        setting_specs=specs,
        models=tuple(_call(pm, name, "register_models") or ()),
        migrations=_call(pm, name, "register_migrations"),
        schema=_call(pm, name, "register_schema", **kwargs) or SchemaPart(),
        activity_kinds=tuple(_call(pm, name, "register_activity_kinds") or ()),
        group_kinds=tuple(_call(pm, name, "register_group_kinds", **kwargs) or ()),
        due_item_kinds=tuple(_call(pm, name, "register_due_item_kinds") or ()),
        certifications=tuple(_call(pm, name, "register_certifications", **kwargs) or ()),
        credit_formulas=tuple(_call(pm, name, "register_credit_formulas", **kwargs) or ()),
        eligibility_rules=tuple(_call(pm, name, "register_eligibility_rules", **kwargs) or ()),
        access_rules=tuple(_call(pm, name, "register_access_rules", **kwargs) or ()),
        demo_data=_call(pm, name, "register_demo_data"),
    )
