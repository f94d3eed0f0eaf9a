"""``peerlearn new-program NAME``: a separate, installable program package to start from.

The template (``template/``) is itself a working program with the slug ``my_program``; it is
linted with the repository, and the guide (docs/writing-a-plugin.md) quotes it. Generating
renames ``my_program`` in every spelling it takes (package, table prefix, GraphQL prefix,
rule codes, distribution name, title) to the new slug's.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

TEMPLATE = Path(__file__).parent / "template"
SLUG = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
SPELLINGS = re.compile(r"my_program|my-program|MY-PROGRAM|MyProgram|myProgram|My program")


class SkeletonError(ValueError):
    """A name that cannot be a program's slug, or a directory already there."""


def spellings(slug: str) -> dict[str, str]:
    """The template's spellings of its slug and the new slug's for each."""
    words = slug.split("_")
    return {
        "my_program": slug,
        "my-program": "-".join(words),
        "MY-PROGRAM": "-".join(words).upper(),
        "MyProgram": "".join(w.capitalize() for w in words),
        "myProgram": words[0] + "".join(w.capitalize() for w in words[1:]),
        "My program": " ".join(words).capitalize(),
    }


def new_program(slug: str, directory: Path) -> Path:
    """Write the program ``slug`` into ``directory/<slug>`` and return that directory."""
    if not SLUG.fullmatch(slug) or keyword.iskeyword(slug) or slug in ("core", "plugins"):
        raise SkeletonError(
            f"{slug!r} is no program slug: use lowercase words joined by '_', such as "
            "'reading_club' (it names the package, tables, kinds and settings variables)"
        )
    target = directory / slug
    if target.exists():
        raise SkeletonError(f"{target} already exists")
    names = spellings(slug)
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = SPELLINGS.sub(lambda m: names[m[0]], str(source.relative_to(TEMPLATE)))
        written = target / relative
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_text(SPELLINGS.sub(lambda m: names[m[0]], source.read_text()))
    return target
