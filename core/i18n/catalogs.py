"""Keeping a package's catalogs whole: what its code says, and what each catalog translates.

``python -m core.i18n.catalogs update <package>...`` (``make messages`` for the packages
shipped here) extracts every marked sentence (``_``, ``_n`` for plurals, ``N_``) and brings
``locale/<language>/LC_MESSAGES/messages.po`` up to date: new sentences appear untranslated,
changed ones marked fuzzy, removed ones dropped. ``check`` lists what a
catalog still lacks; the tests (and a program's own, through the contract kit) fail on it.
"""

from __future__ import annotations

import io
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from core.i18n import SOURCE, Language

KEYWORDS = {"_": None, "N_": None, "_n": (1, 2)}
METHODS = [("**.py", "python")]
IGNORED = ("tests", "skeleton", "migrations")  # a new program's template, schema history


def package_dir(package: str) -> Path:
    return Path(str(files(package)))


def extract(package: str) -> PoCatalog:
    """Every sentence the package's code marks, with where it is said."""
    root = package_dir(package)
    template = PoCatalog(domain=package, project=package, creation_date=datetime(2026, 1, 1))
    for filename, lineno, message, _comments, context in extract_from_dir(
        root, METHODS, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
    ):
        if any(part in IGNORED for part in Path(filename).parts[:-1]):
            continue
        if isinstance(message, tuple) and len(message) == 1:
            message = message[0]
        where = f"{package.replace('.', '/')}/{filename}"
        template.add(message, locations=[(where, lineno)], context=context)
    return template


def po_path(package: str, language: Language) -> Path:
    return package_dir(package) / "locale" / language.value / "LC_MESSAGES" / "messages.po"


# gettext's usual French rule (0 and 1 singular); CLDR's third "many" form only adds work.
PLURAL_FORMS = {Language.FR: "nplurals=2; plural=(n > 1);"}


def read(package: str, language: Language) -> PoCatalog:
    path = po_path(package, language)
    if not path.exists():
        catalog = PoCatalog(
            locale=language.value,
            domain=package,
            project=package,
            header_comment=f"# {language.name} translations of {package}'s messages.",
            fuzzy=False,
        )
        catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[language])]
        return catalog
    with path.open("rb") as po:
        return read_po(po, locale=language.value, domain=package)


def update(package: str) -> None:
    template = extract(package)
    for language in Language:
        if language is SOURCE:
            continue
        catalog = read(package, language)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()
        path = po_path(package, language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, catalog, width=100, sort_output=True, include_lineno=False)


@dataclass(frozen=True)
class Gap:
    language: Language
    msgid: str
    where: str
    problem: str

    def __str__(self) -> str:
        return f"[{self.language.value}] {self.where}: {self.msgid!r}: {self.problem}"


def _wordings(value: object) -> tuple[str, ...]:
    """A message's id or string as its forms: one, or singular and plurals."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _fields(text: str) -> set[str]:
    return {f"{name}!{conv}" for _, name, _, conv in string.Formatter().parse(text) if name}


def _problem(message: Message | None, english: str) -> str | None:
    if message is None:
        return "not in the catalog (run `make messages`)"
    wordings = _wordings(message.string)
    if not wordings or not all(wordings):
        return "not translated"
    if message.fuzzy:
        return "fuzzy: the English changed; check the translation"
    if any(_fields(w) != _fields(english) for w in wordings):
        return "placeholders differ from the English"
    return None


def check(package: str) -> Iterator[Gap]:
    """What the package's catalogs lack: a sentence untranslated, fuzzy, with placeholders
    other than the English's, or translated but no longer said anywhere."""
    said = [m for m in extract(package) if m.id]
    for language in Language:
        if language is SOURCE:
            continue
        catalog = read(package, language)
        for message in said:
            english = _wordings(message.id)[0]
            problem = _problem(catalog.get(message.id), english)
            if problem:
                yield Gap(language, english, message.locations[0][0], problem)
        ids = {_wordings(m.id)[0] for m in said}
        for message in catalog:
            english = _wordings(message.id)[0] if message.id else ""
            if english and english not in ids:
                yield Gap(language, english, "-", "no longer said anywhere (run `make messages`)")


def pending(package: str, under: str) -> str:
    """The untranslated sentences said under ``under``, as po entries to fill in."""
    template = PoCatalog(fuzzy=False)
    for message in extract(package):
        if message.id and message.locations[0][0].startswith(under):
            translated = read(package, Language.FR).get(message.id)
            if _problem(translated, _wordings(message.id)[0]):
                template[message.id] = message
    out = io.BytesIO()
    write_po(out, template, width=100, omit_header=True, include_lineno=False)
    return out.getvalue().decode()


def main(argv: list[str]) -> int:
    command, *packages = argv
    if command == "update":
        for package in packages:
            update(package)
        return 0
    if command == "pending":
        print(pending(packages[0], packages[1]))
        return 0
    gaps = [gap for package in packages for gap in check(package)]
    for gap in gaps:
        print(gap)
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
