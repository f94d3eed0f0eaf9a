"""Every sentence a person reads, in English or French.

Messages are written in English in the code, marked for translation, and translated from a
gettext catalog per package (core's and each program's ``locale/fr/LC_MESSAGES/messages.po``).
The language is the reader's: the signed-in person's preference, else the request's
``Accept-Language``, else English (:mod:`core.i18n.negotiation`); it is held for the request in
a context variable, so a service deep in a transaction words its refusal for whoever asked
without each call passing it along.

A translated message is a :class:`Text`: a ``str`` in the current language that remembers how
to say itself in another, which is how a notification caused by a coordinator reaches the
physician in the physician's language. Signatures that carry a sentence to a person take
``Text``, not ``str``, so the type checker refuses a sentence nobody marked for translation;
``tests/test_i18n.py`` then fails on any marked sentence that lacks its French.

Rule codes, enum values and identifiers are never translated.
"""

from __future__ import annotations

import enum
import gettext
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_gmt
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal


class Language(enum.StrEnum):
    """A language peerlearn speaks; the value is its ISO 639-1 code."""

    EN = "en"
    FR = "fr"

    @property
    def locale(self) -> str:
        """Canadian conventions for dates and numbers (``3 décembre 2026``, ``1,5``)."""
        return f"{self.value}_CA"


SOURCE = Language.EN  # the language messages are written in
_current: ContextVar[Language] = ContextVar("peerlearn_language", default=SOURCE)


def current_language() -> Language:
    return _current.get()


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Word everything in ``language`` inside the block (a request, an email being written)."""
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def N_(msgid: str) -> str:
    """Mark a sentence kept in a constant; translate it where it is used: ``_(CONSTANT)``."""
    return msgid


class Catalog:
    """One package's translations. Call it to translate: ``_("No such goal.")``, with
    ``str.format`` placeholders filled from keyword arguments after translation, so the
    translator may move them: ``_("A measure named {name!r} exists.", name=name)``."""

    def __init__(self, domain: str, directory: Path) -> None:
        self.domain = domain
        self.directory = directory

    @classmethod
    @cache
    def of(cls, package: str) -> Catalog:
        """The catalog in ``<package>/locale``, named after the package: one per package, so
        a program's own ``_`` and core's reading of its declarations parse its file once."""
        return cls(package, Path(str(files(package))) / "locale")

    def po_file(self, language: Language) -> Path:
        return self.directory / language.value / "LC_MESSAGES" / "messages.po"

    @cached_property
    def _translations(self) -> Mapping[Language, gettext.NullTranslations]:
        loaded: dict[Language, gettext.NullTranslations] = {SOURCE: gettext.NullTranslations()}
        for language in Language:
            path = self.po_file(language)
            if language is SOURCE or not path.exists():
                continue
            with path.open("rb") as po:
                catalog = read_po(po, locale=language.value, domain=self.domain)
            compiled = io.BytesIO()
            write_mo(compiled, catalog)  # fuzzy entries left out: they are not translations
            compiled.seek(0)
            loaded[language] = gettext.GNUTranslations(compiled)
        return loaded

    def translations(self, language: Language) -> gettext.NullTranslations:
        return self._translations.get(language) or self._translations[SOURCE]

    def __call__(self, msgid: str, /, **params: object) -> Text:
        return Text.make(self, (msgid,), None, params)

    def plural(self, singular: str, plural: str, n: int, /, **params: object) -> Text:
        """``n`` picks the form (French counts 0 and 1 as singular); pass it as a
        placeholder too when the sentence shows it."""
        return Text.make(self, (singular, plural), n, params)


class Text(str):
    """A sentence in the current language that can be said again in another."""

    __slots__ = ("_catalog", "_msgids", "_n", "_params")
    _catalog: Catalog
    _msgids: tuple[str, ...]
    _n: int | None
    _params: Mapping[str, object]

    @classmethod
    def make(
        cls,
        catalog: Catalog,
        msgids: tuple[str, ...],
        n: int | None,
        params: Mapping[str, object],
        language: Language | None = None,
    ) -> Text:
        language = language or current_language()
        translations = catalog.translations(language)
        if n is None:
            wording = translations.gettext(msgids[0])
        else:
            wording = translations.ngettext(msgids[0], msgids[1], n)
        if params:
            with speaking(language):  # a Declared word among them is said in it too
                wording = wording.format(**params)
        text = super().__new__(cls, wording)
        text._catalog, text._msgids, text._n, text._params = catalog, msgids, n, params
        return text

    def in_language(self, language: Language) -> Text:
        return Text.make(self._catalog, self._msgids, self._n, self._params, language)

    def __reduce__(self) -> tuple[type[str], tuple[str]]:  # pickles as the words it holds
        return (str, (str(self),))


class Declared(str):
    """A word a program declared in English (a kind's title), said in the reader's language
    wherever a sentence is made of it (``_("A {title} ...", title=kind.title)``) or it is read
    as text (``str()``); compared, hashed and stored as the English it was declared with.
    Core wraps kinds' titles in it when it loads a program, so a sentence naming a kind reads
    whole in French without each caller looking up the program's catalog."""

    __slots__ = ("_catalog", "_lowered", "_msgid")
    _catalog: Catalog
    _msgid: str
    _lowered: bool

    def __new__(cls, english: str, catalog: Catalog, *, lowered: bool = False) -> Declared:
        word = super().__new__(cls, english.lower() if lowered else english)
        word._catalog, word._msgid, word._lowered = catalog, english, lowered
        return word

    def __str__(self) -> str:
        said = self._catalog.translations(current_language()).gettext(self._msgid)
        return said.lower() if self._lowered else said

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def lower(self) -> Declared:
        return Declared(self._msgid, self._catalog, lowered=True)

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        return (str, (str.__str__(self),))


_ = Catalog.of("core")
_n = _.plural  # the name extraction knows plural sentences by


def date_text(value: date | datetime, language: Language | None = None) -> str:
    """A date as a reader writes it: ``December 3, 2026``, ``3 décembre 2026``; a time with
    its offset: ``May 1, 2026, 9:00 a.m. (GMT-04:00)``."""
    locale = Locale.parse((language or current_language()).locale)
    if not isinstance(value, datetime):
        return format_date(value, "long", locale=locale)
    moment = locale.datetime_formats["long"].format(
        format_time(value, "short", locale=locale), format_date(value, "long", locale=locale)
    )
    if value.tzinfo is None:
        return moment
    return f"{moment} ({get_timezone_gmt(value, 'long', locale=locale)})"


def number_text(value: Decimal | float | int, language: Language | None = None) -> str:
    """A number as a reader writes it: ``1.5`` in English, ``1,5`` in French."""
    return format_decimal(value, locale=(language or current_language()).locale)
