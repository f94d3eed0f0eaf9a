"""docs/rules.md lists every rule ID the code uses, and nothing the code has dropped: a rule can
be traced from its row to the module that decides it and the tests that prove it."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "rules.md"
SOURCES = ("core", "plugins")
# An ID, not a family: ``CORE-PERSON-*`` names several and is no rule of its own.
RULE_ID = re.compile(r"\b(?:CORE|SGLS|QIG|PW|LC)-[A-Z0-9]+(?:-[A-Z0-9]+)*\b(?!-\*)")
ROW = re.compile(r"^\| `(?P<id>[^`]+)` \|(?P<cells>.*)\|\s*$")
MARKED = ("documented, enforced by", "not enforced")
PATH = re.compile(r"`([\w/.-]+\.py)`")


def ids_in_source(source: str) -> set[str]:
    """Rule IDs in the string literals of one module (docstrings and f-string parts included)."""
    return {
        found
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for found in RULE_ID.findall(node.value)
    }


def ids_in_code() -> dict[str, set[str]]:
    """Every rule ID in core/ and plugins/, with the modules that mention it."""
    where: dict[str, set[str]] = defaultdict(set)
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            for rule in ids_in_source(path.read_text(encoding="utf-8")):
                where[rule].add(path.relative_to(ROOT).as_posix())
    return where


@dataclass(frozen=True)
class Row:
    rule: str
    enforced_in: str
    tests: str

    @property
    def marked(self) -> bool:
        return self.enforced_in.startswith(MARKED)


def rows() -> list[Row]:
    found = []
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if (match := ROW.match(line)) is None:
            continue
        cells = [cell.strip() for cell in match["cells"].split(" | ")]
        assert len(cells) == 4, f"docs/rules.md: ID, rule, source, enforced in, tests: {line}"
        (rule,) = RULE_ID.findall(match["id"]) or [match["id"]]
        found.append(Row(rule, cells[2], cells[3]))
    return found


def test_the_reader_finds_ids_in_string_literals_only() -> None:
    source = '''
"""Refuses with QIG-PIP."""
CODE = "SGLS-CAPACITY"
FAMILY = "CORE-PERSON-*"
PREFIX = f"CORE-GROUP-COMPOSITION-{role}"
# LC-TEAM in a comment is no rule
'''
    assert ids_in_source(source) == {"QIG-PIP", "SGLS-CAPACITY", "CORE-GROUP-COMPOSITION"}


def test_reference_lists_rules() -> None:
    listed = [row.rule for row in rows()]
    twice = sorted({rule for rule in listed if listed.count(rule) > 1})
    assert len(listed) > 100, "docs/rules.md: no rule rows found (rows start with | `ID` |)"
    assert not twice, f"docs/rules.md lists these IDs more than once: {', '.join(twice)}"


def test_every_rule_id_in_code_is_listed() -> None:
    listed = {row.rule for row in rows()}
    missing = {rule: files for rule, files in ids_in_code().items() if rule not in listed}
    assert not missing, "docs/rules.md does not list these rule IDs the code uses:\n" + "\n".join(
        f"  {rule} (in {', '.join(sorted(files))})" for rule, files in sorted(missing.items())
    )


def test_every_listed_id_is_used_or_says_why_not() -> None:
    used = ids_in_code()
    stale = sorted(row.rule for row in rows() if row.rule not in used and not row.marked)
    assert not stale, (
        "docs/rules.md lists IDs no code in core/ or plugins/ uses; remove them, or say "
        f"'documented, enforced by ...' or 'not enforced (why)': {', '.join(stale)}"
    )


def test_every_listed_module_exists_and_names_its_rule() -> None:
    used = ids_in_code()
    wrong = []
    for row in rows():
        modules = PATH.findall(row.enforced_in)
        if not modules and not row.marked:
            wrong.append(f"{row.rule}: names no module it is enforced in")
        for module in modules:
            if not (ROOT / module).is_file():
                wrong.append(f"{row.rule}: {module} does not exist")
            elif not row.marked and module not in used.get(row.rule, set()):
                wrong.append(f"{row.rule}: {module} does not mention it")
    assert not wrong, "docs/rules.md, column 'enforced in':\n  " + "\n  ".join(wrong)


def test_every_listed_test_file_exists_and_names_its_rule() -> None:
    wrong = []
    for row in rows():
        for name in PATH.findall(row.tests):
            path = ROOT / "tests" / name
            if not path.is_file():
                wrong.append(f"{row.rule}: tests/{name} does not exist")
            elif row.rule not in path.read_text(encoding="utf-8"):
                wrong.append(f"{row.rule}: tests/{name} does not mention it")
    assert not wrong, "docs/rules.md, column 'tests':\n  " + "\n  ".join(wrong)
