"""The plugin guide stays true: its quoted snippets are the code they quote, and every snippet
names its imports, so copying one literally copies its access checks and runs."""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
GUIDE = ROOT / "docs" / "writing-a-plugin.md"
BLOCK = re.compile(r"(?:<!-- from (?P<source>\S+) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S)
CONTEXT = frozenset(
    {"session", "registry", "viewer", "settings", "person", "person_id", "physician"}
    | {"org", "division", "team", "activity_day", "__file__"}
)
"""What a snippet written for the inside of a service or a hook takes from around it: the
session and the caller, and the ids a workflow has at hand. Everything else is imported."""


@dataclass(frozen=True)
class Snippet:
    line: int
    lang: str
    body: str
    source: Path | None

    def __str__(self) -> str:
        return f"line {self.line}"


def _snippets() -> list[Snippet]:
    text = GUIDE.read_text()
    return [
        Snippet(
            text.count("\n", 0, m.start()) + 1,
            m["lang"],
            m["body"],
            ROOT / m["source"] if m["source"] else None,
        )
        for m in BLOCK.finditer(text)
    ]


SNIPPETS = _snippets()
PYTHON = [s for s in SNIPPETS if s.lang == "python"]
QUOTED = [s for s in SNIPPETS if s.source is not None]


def _tree(source: str) -> ast.Module:
    flags = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    return compile(source, "<snippet>", "exec", flags=flags)  # type: ignore[no-any-return]


def _imports(tree: ast.Module) -> set[tuple[str, str]]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found |= {(node.module or "", a.name) for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {("", a.name) for a in node.names}
    return found


def _bound(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _defined_in(source: Path) -> set[str]:
    """What the quoted file defines itself (not what it imports)."""
    tree = _tree(source.read_text())
    top = ast.Module(body=[n for n in tree.body if not isinstance(n, ast.Import | ast.ImportFrom)])
    return _bound(top)


@pytest.mark.parametrize("snippet", PYTHON, ids=str)
def test_every_snippet_names_its_imports(snippet: Snippet) -> None:
    tree = _tree(snippet.body)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    known = _bound(tree) | set(dir(builtins)) | CONTEXT
    if snippet.source is not None:
        known |= _defined_in(snippet.source)
    assert not used - known, f"used but neither imported nor defined: {sorted(used - known)}"


@pytest.mark.parametrize("snippet", QUOTED, ids=str)
def test_quoted_snippets_are_the_code_they_quote(snippet: Snippet) -> None:
    """Each import of the snippet is the file's, and each of its paragraphs is in the file
    word for word."""
    assert snippet.source is not None
    quoted = snippet.source.read_text()
    body = snippet.body
    if snippet.lang == "python":
        tree = _tree(body)
        assert _imports(tree) <= _imports(_tree(quoted)), "imports the file does not make"
        lines = body.splitlines()
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for number in range(node.lineno - 1, node.end_lineno or node.lineno):
                    lines[number] = ""
        body = "\n".join(lines)
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", body) if p.strip()]
    missing = [p for p in paragraphs if p not in quoted]
    assert not missing, f"not in {snippet.source.relative_to(ROOT)}: {missing}"


def test_the_guide_quotes_the_skeleton() -> None:
    """The guide starts from ``peerlearn new-program``: its access-checked service and fields
    are quoted from the skeleton, so they cannot drift from the code that passes the kit."""
    quoted = {s.source.name for s in QUOTED if s.source is not None}
    assert {"service.py", "graphql.py", "plugin.py", "test_contract.py"} <= quoted
