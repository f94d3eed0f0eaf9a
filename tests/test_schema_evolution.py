"""The GraphQL schema evolves without breaking clients by accident: a breaking change since the
last released schema (``schema/releases/<version>.graphql``) fails here unless CHANGELOG.md
records it as intended, under ``## [Unreleased]`` / ``### Breaking``, one line per change:

    - `Query.oldField`: why, and what clients use instead

A recorded coordinate (``Type``, ``Type.field``, ``Type.field(arg:)``, ``Enum.VALUE``) covers the
breaking changes graphql-core describes with exactly that coordinate. Dangerous changes (an enum
value or an optional argument added) are reported as warnings, never failures."""

from __future__ import annotations

import re
import tomllib
import warnings
from collections.abc import Iterable
from pathlib import Path

import pytest
from graphql import build_schema as parse_sdl
from graphql.utilities import find_breaking_changes, find_dangerous_changes

from core.graphql.schema import build_schema
from core.plugin_host import installed_programs, load_registry
from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "schema" / "releases"
CHANGELOG = ROOT / "CHANGELOG.md"
VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
RELEASE_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\]", re.MULTILINE)
RECORD = re.compile(r"^- `([^`]+)`", re.MULTILINE)


def covers(coordinate: str, description: str) -> bool:
    """Whether ``description`` names ``coordinate`` itself: ``Query.foo`` covers "Field
    Query.foo was removed." but not ``Query.fooBar``, nor ``Query.foo(bar:)``'s changes."""
    return re.search(rf"(?<![\w.@]){re.escape(coordinate)}(?![\w.(])", description) is not None


def unrecorded_breaking_changes(old_sdl: str, new_sdl: str, recorded: Iterable[str]) -> list[str]:
    """Descriptions of the breaking changes from ``old_sdl`` to ``new_sdl`` no record covers."""
    recorded = list(recorded)
    changes = find_breaking_changes(parse_sdl(old_sdl), parse_sdl(new_sdl))
    return [
        change.description
        for change in changes
        if not any(covers(coordinate, change.description) for coordinate in recorded)
    ]


def dangerous_changes(old_sdl: str, new_sdl: str) -> list[str]:
    return [c.description for c in find_dangerous_changes(parse_sdl(old_sdl), parse_sdl(new_sdl))]


def recorded_breaking(changelog: str) -> list[str]:
    """Coordinates listed under ``### Breaking`` of the Unreleased section (released sections
    are history: their schema is the baseline now)."""
    unreleased = changelog.partition("## [Unreleased]")[2]
    unreleased = RELEASE_HEADING.split(unreleased, maxsplit=1)[0]
    breaking = unreleased.partition("### Breaking")[2].split("\n### ", 1)[0]
    return RECORD.findall(breaking)


def released_versions() -> list[str]:
    found = [(VERSION.match(path.stem), path.stem) for path in RELEASES.glob("*.graphql")]
    return sorted(
        (name for match, name in found if match), key=lambda v: tuple(map(int, v.split(".")))
    )


def current_sdl() -> str:
    """The SDL with every in-repo program enabled, as ``make schema`` writes schema.graphql."""
    in_repo = tuple(
        name for name, ep in installed_programs().items() if ep.value.startswith("plugins.")
    )
    settings = Settings(programs=in_repo, environ={})
    return build_schema(load_registry(settings), settings).sdl()


# --- the checker ----------------------------------------------------------------------------

OLD = """
type Query { person(id: ID!): Person  people: [Person!]! }
type Person { id: ID!  name: String!  nameLong: String  role: Role }
enum Role { ADMIN MEMBER }
"""


def test_a_removed_field_is_a_breaking_change() -> None:
    new = OLD.replace("name: String!  ", "")

    assert unrecorded_breaking_changes(OLD, new, []) == ["Field Person.name was removed."]


def test_a_recorded_removal_passes() -> None:
    new = OLD.replace("name: String!  ", "")

    assert unrecorded_breaking_changes(OLD, new, ["Person.name"]) == []


@pytest.mark.parametrize(
    ("recorded", "change"),
    [
        ("Person.name", "nameLong: String  "),  # another field sharing the prefix
        ("Person", "name: String!  "),  # the type, not its field
        ("Query.person", "(id: ID!)"),  # the field, not its argument
    ],
)
def test_a_record_covers_its_own_coordinate_only(recorded: str, change: str) -> None:
    new = OLD.replace(change, "")

    assert len(unrecorded_breaking_changes(OLD, new, [recorded])) == 1


@pytest.mark.parametrize(
    ("what", "new"),
    [
        ("a field added", OLD.replace("role: Role", "role: Role  email: String")),
        ("an enum value added", OLD.replace("ADMIN MEMBER", "ADMIN MEMBER GUIDE")),
        ("a nullable field made non-null", OLD.replace("nameLong: String", "nameLong: String!")),
    ],
)
def test_a_compatible_change_is_not_breaking(what: str, new: str) -> None:
    assert unrecorded_breaking_changes(OLD, new, []) == [], what


def test_an_added_enum_value_is_reported_as_dangerous() -> None:
    new = OLD.replace("ADMIN MEMBER", "ADMIN MEMBER GUIDE")

    assert dangerous_changes(OLD, new) == ["Enum value Role.GUIDE was added."]


def test_records_are_read_from_the_unreleased_breaking_section_only() -> None:
    changelog = """# Changelog
## [Unreleased]
### Added
- `Query.added`: not a breaking record
### Breaking
<!-- a comment -->
- `Person.name`: use `displayName`
- `Role.GUEST`: nobody was a guest
### Fixed
- `Query.fixed`: not a breaking record
## [0.1.0] - 2026-12-03
### Breaking
- `Query.old`: released already
"""
    assert recorded_breaking(changelog) == ["Person.name", "Role.GUEST"]


# --- this repository -------------------------------------------------------------------------


def test_no_unrecorded_breaking_change_since_the_last_release() -> None:
    latest = released_versions()[-1]
    released = (RELEASES / f"{latest}.graphql").read_text(encoding="utf-8")
    current = current_sdl()
    for change in dangerous_changes(released, current):
        warnings.warn(f"dangerous schema change since {latest}: {change}", stacklevel=1)

    unrecorded = unrecorded_breaking_changes(
        released, current, recorded_breaking(CHANGELOG.read_text(encoding="utf-8"))
    )

    assert not unrecorded, (
        f"breaking changes to the GraphQL schema since release {latest}:\n  "
        + "\n  ".join(unrecorded)
        + "\nUndo them, or record each intended one in CHANGELOG.md under '## [Unreleased]' / "
        "'### Breaking' as a line  - `Type.field`: why, and what clients use instead"
    )


def test_the_version_in_pyproject_is_released_with_its_schema() -> None:
    """Releasing bumps the version, names its CHANGELOG section and keeps its schema, together
    (see "Schema changes and releases" in the README)."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    sections = RELEASE_HEADING.findall(CHANGELOG.read_text(encoding="utf-8"))

    assert sections[:1] == [version], f"CHANGELOG.md's newest release is not {version}"
    assert released_versions()[-1:] == [version], f"schema/releases/{version}.graphql is missing"
