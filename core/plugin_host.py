"""The program host: finds programs, enables the configured ones and collects what they declare.

Programs are found through the ``peerlearn.programs`` entry-point group, in-repo programs the
same way as third-party packages. Each hook is called once per enabled program, so everything
collected is attributed to the program that declared it, and a collision names both programs.
"""

from __future__ import annotations

import importlib.metadata
import sys
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar, cast

import pluggy

from core import ENTRY_POINT_GROUP, PROJECT_NAME, builtin_program, hookspecs
from core.i18n import Catalog, Declared
from core.programs import (
    ActivityKind,
    DueItemKind,
    GroupKind,
    Migrations,
    PlanKind,
    ProgramInfo,
    SchemaPart,
)
from core.registry import CORE_SLUG, Program, ProgramError, Registry
from core.settings import ProgramSettings, Settings

Kind = TypeVar("Kind", ActivityKind, GroupKind, DueItemKind, PlanKind)


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
    # pluggy types a hook implementation as returning object; the hookspec says Migrations
    return {
        impl.plugin_name: cast("Migrations", impl.function())
        for impl in pm.hook.register_migrations.get_hookimpls()
    }


def load_registry(
    settings: Settings, extra_programs: Mapping[str, ModuleType | object] | None = None
) -> Registry:
    """Register core plus the enabled programs, check them, and collect their declarations.

    ``extra_programs`` registers plugin objects directly by name, for tools and tests that
    check a program before it is packaged; installed programs come from entry points."""
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
    return Registry((_collect(pm, name, settings) for name in [CORE_SLUG, *wanted]), settings)


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
    catalog = catalog_of(pm.get_plugin(name))
    return Program(
        info=info,
        settings=program_settings,
        setting_specs=specs,
        models=tuple(_call(pm, name, "register_models") or ()),
        migrations=_call(pm, name, "register_migrations"),
        schema=_call(pm, name, "register_schema", **kwargs) or SchemaPart(),
        activity_kinds=_titled(catalog, _call(pm, name, "register_activity_kinds")),
        group_kinds=_titled(catalog, _call(pm, name, "register_group_kinds", **kwargs)),
        due_item_kinds=_titled(catalog, _call(pm, name, "register_due_item_kinds")),
        certifications=tuple(_call(pm, name, "register_certifications", **kwargs) or ()),
        credit_formulas=tuple(_call(pm, name, "register_credit_formulas", **kwargs) or ()),
        eligibility_rules=tuple(_call(pm, name, "register_eligibility_rules", **kwargs) or ()),
        access_rules=tuple(_call(pm, name, "register_access_rules", **kwargs) or ()),
        demo_data=_call(pm, name, "register_demo_data"),
        event_handlers=tuple(_call(pm, name, "register_event_handlers") or ()),
        questionnaires=tuple(_call(pm, name, "register_questionnaires", **kwargs) or ()),
        tasks=tuple(_call(pm, name, "register_tasks", **kwargs) or ()),
        plan_kinds=_titled(catalog, _call(pm, name, "register_plan_kinds")),
        exports=tuple(_call(pm, name, "register_exports", **kwargs) or ()),
        personal_data=_call(pm, name, "register_personal_data"),
        catalog=catalog,
    )


def _titled(catalog: Catalog, kinds: Iterable[Kind] | None) -> tuple[Kind, ...]:
    """The kinds with their titles said in the reader's language wherever a sentence names
    them (``core.i18n.Declared``)."""
    return tuple(replace(k, title=Declared(k.title, catalog)) for k in kinds or ())


def catalog_of(plugin: object) -> Catalog:
    """The catalog of the package a program's hooks live in (``<package>/locale``); a plugin
    outside any package (a test's) speaks the English it declared."""
    module = plugin if isinstance(plugin, ModuleType) else sys.modules[type(plugin).__module__]
    package = module.__package__ or module.__name__
    try:
        return Catalog.of(package)
    except TypeError:  # a lone module, no package to hold a catalog
        return Catalog(package, Path(module.__file__ or ".").parent / "locale")
