"""Generating a program from the skeleton and counting the code a developer owns in it."""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from core.skeleton import new_program


def statements(package: Path) -> int:
    """Logical lines of code in ``package``: its Python statements but docstrings (a call the
    formatter spreads over ten lines is one), counted as radon's LLOC counts them."""
    return sum(
        1
        for path in package.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.stmt)
        and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    )


@contextmanager
def imported(slug: str, directory: Path) -> Iterator[ModuleType]:
    """The generated program's hooks module, importable while the block runs, as a test
    registers a program it has not installed (``load_registry(extra_programs=...)``)."""
    sys.path.insert(0, str(directory / slug))
    try:
        yield importlib.import_module(f"{slug}.plugin")
    finally:
        sys.path.remove(str(directory / slug))
        for name in [m for m in sys.modules if m == slug or m.startswith(f"{slug}.")]:
            del sys.modules[name]


__all__ = ["imported", "new_program", "statements"]
