"""Meta-tests on the hooks themselves: every hook is documented with its exact signature,
implemented by the example program (so the suite exercises it), and explains itself.

The hooks are read from the plugin manager, so a hook added to ``core/hookspecs.py`` is checked
here without anyone listing it.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from core.plugin_host import make_plugin_manager

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "writing-a-plugin.md"
REFERENCE_HEADING = "## Hook reference"
EXAMPLE_PLUGIN = "peerlearn_example.plugin"


def _hookspecs() -> dict[str, Callable[..., object]]:
    pm = make_plugin_manager()
    return {
        name: caller.spec.function
        for name, caller in sorted(vars(pm.hook).items())
        if getattr(caller, "spec", None) is not None
    }


HOOKS = _hookspecs()


def _annotation(value: object) -> str:
    """Annotations are strings under ``from __future__ import annotations``; keep them as
    written in the spec."""
    if isinstance(value, str):
        return value
    if isinstance(value, type):
        return value.__qualname__
    return repr(value)


def signature_text(function: Callable[..., object]) -> str:
    """``name(arg: Type, ...) -> ReturnType`` as the spec declares it."""
    signature = inspect.signature(function)
    params = []
    for param in signature.parameters.values():
        text = param.name
        if param.annotation is not inspect.Parameter.empty:
            text += f": {_annotation(param.annotation)}"
        params.append(text)
    text = f"{function.__name__}({', '.join(params)})"
    if signature.return_annotation is not inspect.Signature.empty:
        text += f" -> {_annotation(signature.return_annotation)}"
    return text


def hook_reference() -> str:
    """The guide's "Hook reference" section, up to the next heading of the same level."""
    guide = GUIDE.read_text(encoding="utf-8")
    start = guide.find(REFERENCE_HEADING + "\n")
    assert start != -1, f"{GUIDE.name} has no {REFERENCE_HEADING!r} section"
    end = guide.find("\n## ", start + len(REFERENCE_HEADING))
    return guide[start : end if end != -1 else len(guide)]


def test_there_are_hooks_to_check() -> None:
    assert "program_info" in HOOKS
    assert signature_text(HOOKS["program_info"]) == "program_info() -> ProgramInfo"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented_with_its_exact_signature(name: str) -> None:
    expected = f"`{signature_text(HOOKS[name])}`"
    assert expected in hook_reference(), (
        f"docs/writing-a-plugin.md's hook reference does not show {expected}; "
        "document the hook or update its signature there"
    )


def test_hook_reference_names_no_hook_that_does_not_exist() -> None:
    documented = set(re.findall(r"`([a-z_]+)\(", hook_reference()))
    assert documented, "the hook reference lists no hooks"
    stale = sorted(documented - set(HOOKS))
    assert not stale, f"the hook reference documents hooks core/hookspecs.py lacks: {stale}"


@pytest.fixture(scope="module")
def example_plugin(example_site: Path) -> ModuleType:
    """The example program's plugin module, importable once it is installed."""
    return importlib.import_module(EXAMPLE_PLUGIN)


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_implemented_by_the_example_program(name: str, example_plugin: ModuleType) -> None:
    pm = make_plugin_manager()
    pm.register(example_plugin, name="example")
    pm.check_pending()
    implementers = [impl.plugin_name for impl in getattr(pm.hook, name).get_hookimpls()]
    assert "example" in implementers, (
        f"the example program does not implement {name}, so no test exercises it "
        "through a program packaged on its own"
    )


@pytest.mark.parametrize("name", HOOKS)
def test_hookspec_has_a_docstring(name: str) -> None:
    doc = inspect.getdoc(HOOKS[name])
    assert doc, f"hookspec {name} has no docstring"
